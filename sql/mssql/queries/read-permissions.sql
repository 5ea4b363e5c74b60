-- read-permissions.sql: whether the login holds each privilege in @checks, a JSON array of
-- {id, on_what ('database', 'schema' or 'object'), schema_name, object_name, privilege}, names as
-- configured (not quoted). Asked with HAS_PERMS_BY_NAME, which any login may call about itself
-- and which counts every way it holds one (granted to it or a role, implied by CONTROL, ALTER,
-- ownership or db_owner). NULL: the securable was not found, which Microsoft documents for one
-- that is not there and which metadata visibility makes of one the login holds no permission on
-- (by the documentation; not tested against a real server). The caller counts NULL on an SSD
-- table (never made by init) as lacking, or hidden; on ssd-delta's own, as not there yet.
-- Reads only. Result: id, held (1, 0, or NULL).
SELECT c.id,
       HAS_PERMS_BY_NAME(
         CASE c.on_what WHEN 'database' THEN NULL WHEN 'schema' THEN QUOTENAME(c.schema_name) ELSE QUOTENAME(c.schema_name) + N'.' + QUOTENAME(c.object_name) END,
         CASE c.on_what WHEN 'database' THEN N'DATABASE' WHEN 'schema' THEN N'SCHEMA' ELSE N'OBJECT' END,
         c.privilege) AS held
  FROM OPENJSON(@checks) WITH (id INT '$.id', on_what NVARCHAR(20) '$.on_what', schema_name NVARCHAR(128) '$.schema_name', object_name NVARCHAR(128) '$.object_name', privilege NVARCHAR(60) '$.privilege') AS c
 ORDER BY c.id;
