-- read-accepted-documents.sql: one page of the documents the API holds: the last one it accepted
-- for each child not deleted since, in person_id order after @after ('' for the first page: no person
-- id is empty), at most @limit rows. Result: person_id, previous_json_payload.
SELECT person_id, previous_json_payload
  FROM {{staging}}
 WHERE person_id > @after::text AND previous_json_payload IS NOT NULL AND row_state <> 'deleted'
 ORDER BY person_id
 LIMIT @limit;
