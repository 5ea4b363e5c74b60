-- stamp-waiting.sql: after a cycle's marking, the children found waiting to be sent (pending or
-- sending) get waiting_since, once: claims, releases and retries keep it; rows no longer waiting
-- (sent, invalid, or refused: error) lose it, so a child resent or re-marked later waits from
-- then. The stamp is @changed_at (UTC): the earliest the oldest change the cycle read can have
-- been committed (NULL, or a time to come: now), so the wait, and commit-to-receipt, count from
-- the change (waiting_on_change says so). Only a new document (pending, no failed attempt yet)
-- is dated from the change; a refused child claimed for a retry, or one put back, waits from now
-- (0: commit-to-receipt does not count it). The pending rows (status index) are
-- stamped 4,000 at a time, each its own statement (autocommit): a first baseline's 100,000 never
-- escalate to a table lock that would hold the status page and the LA's reports on staging. The
-- rows with a stamp no longer waiting are few (filtered index, 0010). No result.
DECLARE @stamped INT = 4000;
DECLARE @rounds INT = 0;
-- At most 500 rounds (2,000,000 rows): a trigger that reports rows it did not change cannot spin it.
WHILE @stamped = 4000 AND @rounds < 500
BEGIN
  WITH batch AS (
    SELECT TOP (4000) waiting_since, waiting_on_change, submission_status, attempt_count FROM {{staging}}
     WHERE waiting_since IS NULL AND submission_status IN ('pending', 'sending')
  )
  UPDATE batch
     SET waiting_since = CASE WHEN @changed_at IS NULL OR @changed_at > SYSUTCDATETIME() OR submission_status <> 'pending' OR attempt_count > 0 THEN SYSUTCDATETIME() ELSE @changed_at END,
         waiting_on_change = CASE WHEN @changed_at IS NULL OR submission_status <> 'pending' OR attempt_count > 0 THEN 0 ELSE 1 END;
  SET @stamped = @@ROWCOUNT;
  SET @rounds = @rounds + 1;
END;
UPDATE {{staging}} SET waiting_since = NULL, waiting_on_change = NULL
 WHERE waiting_since IS NOT NULL AND submission_status NOT IN ('pending', 'sending');
