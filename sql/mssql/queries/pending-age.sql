-- pending-age.sql: how long the child waiting longest to be sent (pending, or leased to a batch)
-- has waited: since its stamp (waiting_since: about its oldest unsent change's commit, kept
-- through claims and retries), or, not stamped yet, since its row was last written. Seconds (both columns are UTC).
-- No parameters. Result: seconds (null when none waits).
SELECT CAST(DATEDIFF_BIG(MILLISECOND, MIN(COALESCE(waiting_since, last_updated)), SYSUTCDATETIME()) AS FLOAT) / 1000 AS seconds
  FROM {{staging}} WHERE submission_status IN ('pending', 'sending');
