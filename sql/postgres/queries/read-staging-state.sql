-- read-staging-state.sql: marking inputs for the children in @person_ids (text[]).
SELECT person_id, legacy_id, current_hash, previous_hash, row_state, submission_status, offered_at IS NOT NULL AS offered,
       to_char(valid_until, 'YYYY-MM-DD') AS valid_until, -- not ::text, which follows DateStyle
       (offered_json_payload IS NOT NULL OR unconfirmed_json_payloads IS NOT NULL) AS uncertain
  FROM {{staging}} WHERE person_id = ANY (@person_ids::text[]);
