-- read-table-columns.sql: the columns of table @table in schema @schema (names as configured, not
-- quoted), none when it does not exist. Read from pg_attribute, which every login may read, not
-- information_schema.columns, which hides the columns of a table the login has no privilege on
-- (a foreign staging table would then pass for none). Result: name.
SELECT attname AS name FROM pg_attribute
 WHERE attrelid = to_regclass(format('%I.%I', @schema::text, @table::text)) AND attnum > 0 AND NOT attisdropped;
