-- pending-age.sql: how long the child waiting longest to be sent (pending, or leased to a batch)
-- has waited: since its stamp (waiting_since: about its oldest unsent change's commit, kept
-- through claims and retries), or, not stamped yet, since its row was last written. Seconds, by the database's
-- clock. No parameters. Result: seconds (null when none waits).
SELECT extract(epoch FROM now() - min(coalesce(waiting_since, last_updated)))::float8 AS seconds
  FROM {{staging}} WHERE submission_status IN ('pending', 'sending');
