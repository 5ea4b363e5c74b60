-- set-valid-until.sql: moves valid_until of staging rows kept as they are. @rows: JSON array of
-- {person_id, valid_until} (valid_until null: never). No result.
UPDATE s SET valid_until = d.valid_until
  FROM {{staging}} AS s
  JOIN OPENJSON(@rows) WITH (person_id NVARCHAR(48), valid_until DATE) AS d ON d.person_id = s.person_id;
