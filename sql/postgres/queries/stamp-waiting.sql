-- stamp-waiting.sql: after a cycle's marking, the children found waiting to be sent (pending or
-- sending) get waiting_since, once: claims, releases and retries keep it; rows no longer waiting
-- (sent, invalid, or refused: error) lose it, so a child resent or re-marked later waits from
-- then. The stamp is $1 ms (bigint) before now: the age of the oldest change the cycle read
-- (0: now), so the wait, and commit-to-receipt, count from the change. Both halves walk small
-- sets: the pending rows (status index) and the rows with a stamp (partial index, 0010). No result.
UPDATE {{staging}}
   SET waiting_since = CASE WHEN submission_status IN ('pending', 'sending') THEN now() - $1::bigint * interval '1 millisecond' END
 WHERE (waiting_since IS NULL AND submission_status IN ('pending', 'sending'))
    OR (waiting_since IS NOT NULL AND submission_status NOT IN ('pending', 'sending'));
