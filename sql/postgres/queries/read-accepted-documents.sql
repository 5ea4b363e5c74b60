-- read-accepted-documents.sql: the last document the API accepted, for the children in $1 (text[]).
SELECT person_id, previous_json_payload
  FROM {{staging_table}} WHERE person_id = ANY ($1::text[]) AND previous_json_payload IS NOT NULL;
