-- read-position.sql: the position to read the change log up to: the oldest transaction still
-- running (or the next one). Every change logged by a transaction below it is committed
-- (visible) or rolled back. No parameters. Result: position (an xid8 as text).
SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS position;
