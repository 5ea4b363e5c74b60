-- read-schemas.sql: whether the schema of ssd-delta's tables (@schema) and that of the SSD tables
-- (@ssd_schema), both as configured (not quoted), exist. Result: own, ssd (booleans).
SELECT to_regnamespace(quote_ident(@schema)) IS NOT NULL AS own, to_regnamespace(quote_ident(@ssd_schema)) IS NOT NULL AS ssd;
