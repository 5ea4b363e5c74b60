-- read-open-writes.sql: the transactions open in this database (current_database(), the SSD's)
-- for at least @older_than_seconds that have written and not committed: what no cycle can read
-- until they commit. Other sessions' only (pid <> pg_backend_pid()); a session has written once
-- it holds a transaction id (backend_xid). Prepared transactions (pg_prepared_xacts) too, aged
-- from their PREPARE and named by their gid. A login without pg_read_all_stats sees another
-- role's backend_xid but NULL in its xact_start: such a transaction cannot be aged, and is
-- counted in `unseen` instead (visible false, with the GRANT that would show it). Never the
-- query text, the user or a value. Reads only. Result: one row per transaction, oldest first,
-- each with visible, grant_needed and unseen; a single row with pid NULL when there is none.
WITH writing AS (
  SELECT a.datname::text AS database, a.pid::text AS pid, coalesce(a.application_name, '') AS application,
         extract(epoch FROM now() - a.xact_start)::float8 AS seconds, false AS prepared
    FROM pg_stat_activity AS a
   WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_xid IS NOT NULL
  UNION ALL
  SELECT p.database::text, p.gid, '', extract(epoch FROM now() - p.prepared)::float8, true
    FROM pg_prepared_xacts AS p
   WHERE p.database = current_database()
), unseen AS (
  SELECT count(*)::int AS n FROM writing WHERE seconds IS NULL
)
SELECT u.n = 0 AS visible,
       CASE WHEN u.n > 0 THEN format('GRANT pg_read_all_stats TO %I', current_user) END AS grant_needed,
       u.n AS unseen, w.database, w.pid, w.application, w.seconds, w.prepared
  FROM unseen AS u
  LEFT JOIN writing AS w ON w.seconds >= @older_than_seconds::float8
 ORDER BY w.seconds DESC NULLS LAST;
