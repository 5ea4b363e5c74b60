-- read-permissions.sql: whether the login holds each privilege in @checks, a JSON array of
-- {id, on_what ('database', 'schema', 'object' or 'function'), schema_name, object_name,
-- privilege}, names as configured (not quoted). Asked with the catalog's own functions, which
-- any login may call about itself (has_database_privilege, has_schema_privilege,
-- has_table_privilege, has_function_privilege); privilege 'OWNER' asks whether the login owns
-- the table or function (is in its owner's role: relowner, proowner). Schemas, tables and
-- functions are looked up by name in pg_namespace, pg_class and pg_proc, which every login may
-- read whatever it may do with them: one that is not there gives NULL, never an error, and NULL
-- means only that. Reads only. Result: id, held (boolean; NULL: not there).
SELECT c.id,
       CASE c.on_what
         WHEN 'database' THEN has_database_privilege(current_database(), c.privilege)
         WHEN 'schema' THEN has_schema_privilege(n.oid, c.privilege)
         WHEN 'object' THEN CASE c.privilege WHEN 'OWNER' THEN pg_has_role(t.relowner, 'USAGE') ELSE has_table_privilege(t.oid, c.privilege) END
         WHEN 'function' THEN CASE c.privilege WHEN 'OWNER' THEN pg_has_role(f.proowner, 'USAGE') ELSE has_function_privilege(f.oid, c.privilege) END
       END AS held
  FROM jsonb_to_recordset(@checks::jsonb) AS c(id int, on_what text, schema_name text, object_name text, privilege text)
  LEFT JOIN pg_namespace AS n ON n.nspname = c.schema_name
  LEFT JOIN pg_class AS t ON t.relnamespace = n.oid AND t.relname = c.object_name AND c.on_what = 'object'
  LEFT JOIN LATERAL (SELECT p.oid, p.proowner FROM pg_proc AS p WHERE p.pronamespace = n.oid AND p.proname = c.object_name AND c.on_what = 'function' ORDER BY p.oid LIMIT 1) AS f ON true
 ORDER BY c.id;
