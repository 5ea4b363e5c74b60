-- pending-age.sql: how long the child waiting longest to be sent (pending, or leased to a batch)
-- has waited since its row was last written (marked, or put back when the API did not take it),
-- in seconds (last_updated is UTC). No parameters. Result: seconds (null when none waits).
SELECT CAST(DATEDIFF_BIG(MILLISECOND, MIN(last_updated), SYSUTCDATETIME()) AS FLOAT) / 1000 AS seconds
  FROM {{staging}} WHERE submission_status IN ('pending', 'sending');
