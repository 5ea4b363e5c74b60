-- read-accepted-documents.sql: one page of the documents the API holds: the last one it accepted
-- for each child not deleted since, in person_id order after @after (NULL: from the start), at
-- most @limit rows. Result: person_id, previous_json_payload.
SELECT TOP (@limit) person_id, previous_json_payload
  FROM {{staging_table}}
 WHERE previous_json_payload IS NOT NULL AND row_state <> 'deleted' AND (@after IS NULL OR person_id > @after)
 ORDER BY person_id;
