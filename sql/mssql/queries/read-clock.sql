-- read-clock.sql: the database's clock now (UTC, ISO 8601), rounded as last_updated
-- (DATETIME2(3)) is, so a row written after this instant never compares as before it. No parameters.
-- Result: now.
SELECT CONVERT(VARCHAR(23), CAST(SYSUTCDATETIME() AS DATETIME2(3)), 126) + 'Z' AS now;
