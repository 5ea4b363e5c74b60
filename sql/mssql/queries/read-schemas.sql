-- read-schemas.sql: whether the schema of ssd-delta's tables (@schema) and that of the SSD tables
-- (@ssd_schema), both as configured (not quoted), exist. Result: own, ssd (BIT).
SELECT CAST(CASE WHEN SCHEMA_ID(@schema) IS NULL THEN 0 ELSE 1 END AS BIT) AS own,
       CAST(CASE WHEN SCHEMA_ID(@ssd_schema) IS NULL THEN 0 ELSE 1 END AS BIT) AS ssd;
