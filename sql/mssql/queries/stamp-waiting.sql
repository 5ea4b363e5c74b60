-- stamp-waiting.sql: after a cycle's marking, the children found waiting to be sent (pending or
-- sending) get waiting_since, once: claims, releases and retries keep it; rows no longer waiting
-- (sent, invalid, or refused: error) lose it, so a child resent or re-marked later waits from
-- then. The stamp is @changed_ms (bigint) before now: the age of the oldest change the cycle read
-- (0: now), so the wait, and commit-to-receipt, count from the change. Two statements, each on a
-- small set: the pending rows (status index) and the rows with a stamp (filtered index, 0010).
-- No result.
UPDATE {{staging}}
   SET waiting_since = DATEADD(MILLISECOND, -CAST(@changed_ms % 1000 AS INT), DATEADD(SECOND, -CAST(@changed_ms / 1000 AS INT), SYSUTCDATETIME()))
 WHERE waiting_since IS NULL AND submission_status IN ('pending', 'sending');
UPDATE {{staging}} SET waiting_since = NULL
 WHERE waiting_since IS NOT NULL AND submission_status NOT IN ('pending', 'sending');
