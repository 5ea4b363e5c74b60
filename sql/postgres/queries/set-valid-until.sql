-- set-valid-until.sql: moves valid_until of staging rows kept as they are. @rows: jsonb array of
-- {person_id, valid_until} (valid_until null: never).
UPDATE {{staging}} AS s
   SET valid_until = d.valid_until
  FROM jsonb_to_recordset(@rows::jsonb) AS d(person_id text, valid_until date)
 WHERE s.person_id = d.person_id;
