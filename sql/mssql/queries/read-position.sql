-- read-position.sql: the position to read changes up to: CHANGE_TRACKING_CURRENT_VERSION(),
-- read first inside the cycle's SNAPSHOT transaction, so every change the same snapshot shows
-- is at or below it. NULL when Change Tracking is off for the database. No parameters.
-- Result: position (a bigint as text).
SELECT CAST(CHANGE_TRACKING_CURRENT_VERSION() AS VARCHAR(40)) AS position;
