-- read-receiver-documents.sql: what the receiver may hold for the children in @person_ids (JSON
-- array): the last document it accepted, and the ones offered since without a definite answer
-- (a JSON array). Result: person_id, previous_json_payload, unconfirmed.
SELECT s.person_id, s.previous_json_payload, s.unconfirmed_json_payloads AS unconfirmed
  FROM {{staging}} AS s
  JOIN OPENJSON(@person_ids) WITH (person_id NVARCHAR(48) '$') AS p ON p.person_id = s.person_id
 WHERE s.previous_json_payload IS NOT NULL OR s.unconfirmed_json_payloads IS NOT NULL;
