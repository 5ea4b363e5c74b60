-- read-ssd-columns.sql: the columns of every table named in @tables (text[]), in whatever schema
-- holds one (the check says where the SSD is when it is not in database.ssdSchema). Result:
-- schema_name, table_name, column_name.
SELECT table_schema AS schema_name, table_name, column_name FROM information_schema.columns WHERE table_name = ANY (@tables::text[]);
