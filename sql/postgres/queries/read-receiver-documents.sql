-- read-receiver-documents.sql: what the receiver may hold for the children in @person_ids (text[]): the last
-- document it accepted, and the ones offered since without a definite answer (a JSON array).
SELECT person_id, previous_json_payload, unconfirmed_json_payloads::text AS unconfirmed
  FROM {{staging}}
 WHERE person_id = ANY (@person_ids::text[]) AND (previous_json_payload IS NOT NULL OR unconfirmed_json_payloads IS NOT NULL);
