-- read-table-columns.sql: the columns of table @table in schema @schema (names as configured, not
-- quoted), none when it does not exist. Result: name.
SELECT name FROM sys.columns WHERE object_id = OBJECT_ID(QUOTENAME(@schema) + N'.' + QUOTENAME(@table));
