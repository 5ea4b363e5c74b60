-- read-position.sql: the position to read changes up to: CHANGE_TRACKING_CURRENT_VERSION(),
-- read first inside the cycle's SNAPSHOT transaction. The snapshot itself begins at the first
-- read of a table (read-watermarks.sql), so a change committed in between is seen by the
-- cycle's reads of the tables but lies above this version: it is read again by the next cycle,
-- never missed. NULL when Change Tracking is off for the database. No parameters.
-- Result: position (a bigint as text).
SELECT CAST(CHANGE_TRACKING_CURRENT_VERSION() AS VARCHAR(40)) AS position;
