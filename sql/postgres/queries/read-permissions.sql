-- read-permissions.sql: whether the login holds each privilege in @checks, a JSON array of
-- {id, on_what ('database', 'schema' or 'object'), schema_name, object_name, privilege}, names as
-- configured (not quoted). Asked with the catalog's own functions, which any login may call about
-- itself (has_database_privilege, has_schema_privilege, has_table_privilege; 'EXECUTE' on an
-- object is on a function of that name: has_function_privilege); privilege 'OWNER' asks whether
-- the login owns the table (is in its owner's role). Schemas, tables and functions are looked up
-- by name in pg_namespace, pg_class and pg_proc, which need no USAGE on the schema: one that is
-- not there gives NULL, never an error. Reads only. Result: id, held (boolean; NULL: not there).
SELECT c.id,
       CASE c.on_what
         WHEN 'database' THEN has_database_privilege(current_database(), c.privilege)
         WHEN 'schema' THEN has_schema_privilege(n.oid, c.privilege)
         WHEN 'object' THEN CASE c.privilege
                              WHEN 'OWNER' THEN pg_has_role(t.relowner, 'USAGE')
                              WHEN 'EXECUTE' THEN has_function_privilege((SELECT min(f.oid) FROM pg_proc AS f WHERE f.pronamespace = n.oid AND f.proname = c.object_name), 'EXECUTE')
                              ELSE has_table_privilege(t.oid, c.privilege)
                            END
       END AS held
  FROM jsonb_to_recordset(@checks::jsonb) AS c(id int, on_what text, schema_name text, object_name text, privilege text)
  LEFT JOIN pg_namespace AS n ON n.nspname = c.schema_name
  LEFT JOIN pg_class AS t ON t.relnamespace = n.oid AND t.relname = c.object_name AND c.on_what = 'object'
 ORDER BY c.id;
