-- read-position.sql: the position to read changes up to: CHANGE_TRACKING_CURRENT_VERSION(),
-- read first inside the cycle's SNAPSHOT transaction. The snapshot itself begins at the first
-- read of a table (read-watermarks.sql), so a change committed in between is seen by the
-- cycle's reads of the tables but lies above this version: it is read again by the next cycle,
-- never missed. NULL when Change Tracking is off for the database. position_at: when it was read
-- (UTC): a change above it committed after then. No parameters.
-- Result: position (a bigint as text), position_at.
SELECT CAST(CHANGE_TRACKING_CURRENT_VERSION() AS VARCHAR(40)) AS position, SYSUTCDATETIME() AS position_at;
