-- read-table-columns.sql: the columns of table @table in schema @schema (names as configured, not
-- quoted), none when it does not exist. Read from the catalog by name, which every login may read:
-- not information_schema.columns, which hides the columns of a table the login has no privilege on
-- (a foreign staging table would then pass for none), nor to_regclass, which fails without USAGE on
-- the schema (a login that may read only the SSD, trying validate before init). Result: name.
SELECT a.attname AS name
  FROM pg_attribute AS a
  JOIN pg_class AS c ON c.oid = a.attrelid
  JOIN pg_namespace AS n ON n.oid = c.relnamespace
 WHERE n.nspname = @schema::text AND c.relname = @table::text AND c.relkind IN ('r', 'p', 'v', 'f')
   AND a.attnum > 0 AND NOT a.attisdropped;
