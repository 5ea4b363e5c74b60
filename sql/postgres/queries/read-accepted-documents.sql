-- read-accepted-documents.sql: one page of the documents the API holds: the last one it accepted
-- for each child not deleted since, in person_id order after $1 (NULL: from the start), at most
-- $2 rows. Result: person_id, previous_json_payload.
SELECT person_id, previous_json_payload
  FROM {{staging_table}}
 WHERE previous_json_payload IS NOT NULL AND row_state <> 'deleted' AND ($1::text IS NULL OR person_id > $1::text)
 ORDER BY person_id
 LIMIT $2;
