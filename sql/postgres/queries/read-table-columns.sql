-- read-table-columns.sql: the columns of table @table in schema @schema (names as configured, not
-- quoted), none when it does not exist. Result: name.
SELECT column_name AS name FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table;
