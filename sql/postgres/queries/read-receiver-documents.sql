-- read-receiver-documents.sql: what the receiver may hold for the children in $1 (text[]): the last
-- document it accepted, and the ones offered since without a definite answer (a JSON array).
SELECT person_id, previous_json_payload, unconfirmed_json_payloads::text AS unconfirmed
  FROM {{staging}}
 WHERE person_id = ANY ($1::text[]) AND (previous_json_payload IS NOT NULL OR unconfirmed_json_payloads IS NOT NULL);
