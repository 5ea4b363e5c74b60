-- read-ssd-columns.sql: the columns of every table named in @tables (JSON array), in whatever
-- schema holds one (the check says where the SSD is when it is not in database.ssdSchema).
-- Result: schema_name, table_name, column_name.
SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, COLUMN_NAME AS column_name FROM INFORMATION_SCHEMA.COLUMNS
 WHERE TABLE_NAME IN (SELECT value FROM OPENJSON(@tables));
