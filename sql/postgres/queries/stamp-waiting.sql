-- stamp-waiting.sql: after a cycle's marking, the children found waiting to be sent (pending or
-- sending) get waiting_since, once: claims, releases and retries keep it; rows no longer waiting
-- (sent, invalid, or refused: error) lose it, so a child resent or re-marked later waits from
-- then. The stamp is @changed_at (timestamptz): the earliest the oldest change the cycle read can have
-- been committed (NULL, or a time to come: now), so the wait, and commit-to-receipt, count from
-- the change (waiting_on_change says so). Only a new document (pending, no failed attempt yet)
-- is dated from the change; a refused child claimed for a retry, or one put back, waits from now
-- (false: commit-to-receipt does not count it). Both halves walk small sets: the pending rows (status index) and the rows with a
-- stamp (partial index, 0010). No result.
UPDATE {{staging}}
   SET waiting_since = CASE WHEN submission_status = 'pending' AND attempt_count = 0 THEN least(coalesce(@changed_at::timestamptz, now()), now())
                            WHEN submission_status IN ('pending', 'sending') THEN now() END,
       waiting_on_change = CASE WHEN submission_status IN ('pending', 'sending') THEN submission_status = 'pending' AND attempt_count = 0 AND @changed_at::timestamptz IS NOT NULL END
 WHERE (waiting_since IS NULL AND submission_status IN ('pending', 'sending'))
    OR (waiting_since IS NOT NULL AND submission_status NOT IN ('pending', 'sending'));
