-- read-position.sql: the position the cycle's change feed reads up to: the snapshot the cycle
-- reads in (xmin:xmax:running xids, as text), taken in the same REPEATABLE READ transaction as
-- read-changes.sql and every SSD row the cycle builds from; and when it was read (a change the
-- snapshot does not show committed after then). No parameters. Result: position, position_at.
SELECT pg_current_snapshot()::text AS position, clock_timestamp() AS position_at;
