-- snapshot-xmin.sql: the oldest transaction still running (or the next one): every change
-- logged by a transaction below it is committed (visible) or rolled back. Result: position.
SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS position;
