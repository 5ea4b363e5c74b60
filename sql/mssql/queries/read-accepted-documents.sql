-- read-accepted-documents.sql: one page of the documents the API holds: the last one it accepted
-- for each child not deleted since, in person_id order after @after (N'' for the first page: no
-- person id is empty; one condition, so the unique person_id index is sought, not scanned), at
-- most @limit rows. Result: person_id, previous_json_payload.
SELECT TOP (@limit) person_id, previous_json_payload
  FROM {{staging}}
 WHERE person_id > @after AND previous_json_payload IS NOT NULL AND row_state <> 'deleted'
 ORDER BY person_id;
