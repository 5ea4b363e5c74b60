-- read-clock.sql: the database's clock now (UTC, ISO 8601 with microseconds). No parameters.
-- Result: now.
SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS now;
