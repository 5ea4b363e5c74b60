-- read-staging-state.sql: marking inputs for the children in @person_ids (JSON array).
-- Result: person_id, legacy_id, current_hash, previous_hash, row_state, submission_status,
-- offered (bit), valid_until (YYYY-MM-DD or NULL), uncertain (bit).
SELECT s.person_id, s.legacy_id, s.current_hash, s.previous_hash, s.row_state, s.submission_status,
       CAST(CASE WHEN s.offered_at IS NOT NULL THEN 1 ELSE 0 END AS BIT) AS offered,
       CONVERT(CHAR(10), s.valid_until, 23) AS valid_until,
       CAST(CASE WHEN s.offered_json_payload IS NOT NULL OR s.unconfirmed_json_payloads IS NOT NULL THEN 1 ELSE 0 END AS BIT) AS uncertain
  FROM {{staging}} AS s
  JOIN OPENJSON(@person_ids) WITH (person_id NVARCHAR(48) '$') AS p ON p.person_id = s.person_id;
