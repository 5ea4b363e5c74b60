-- read-position.sql: the position the cycle's change feed reads up to: the snapshot the cycle
-- reads in (xmin:xmax:running xids, as text), taken in the same REPEATABLE READ transaction as
-- read-changes.sql and every SSD row the cycle builds from. No parameters. Result: position.
SELECT pg_current_snapshot()::text AS position;
