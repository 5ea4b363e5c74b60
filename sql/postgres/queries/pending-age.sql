-- pending-age.sql: how long the child waiting longest to be sent (pending, or leased to a batch)
-- has waited since its row was last written (marked, or put back when the API did not take it),
-- in seconds by the database's clock. No parameters. Result: seconds (null when none waits).
SELECT extract(epoch FROM now() - min(last_updated))::float8 AS seconds
  FROM {{staging}} WHERE submission_status IN ('pending', 'sending');
