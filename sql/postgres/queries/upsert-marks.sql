-- upsert-marks.sql: writes marked staging rows. @rows: jsonb array of
-- {person_id, legacy_id, json_payload, current_hash, row_state, submission_status, validation_errors, valid_until}.
-- One parameter for the whole chunk (no 65,535-parameter limit; ~45 ms per 1,000 rows).
INSERT INTO {{staging}} AS s
       (person_id, legacy_id, json_payload, current_hash, row_state, submission_status, validation_errors, valid_until, last_updated)
SELECT m.person_id, m.legacy_id, m.json_payload, m.current_hash, m.row_state, m.submission_status, m.validation_errors, m.valid_until, now()
  FROM jsonb_to_recordset(@rows::jsonb) AS m(person_id text, legacy_id text, json_payload text, current_hash text,
                                          row_state text, submission_status text, validation_errors text, valid_until date)
ON CONFLICT (person_id) DO UPDATE
   SET legacy_id = EXCLUDED.legacy_id,
       json_payload = EXCLUDED.json_payload,
       current_hash = EXCLUDED.current_hash,
       row_state = EXCLUDED.row_state,
       submission_status = EXCLUDED.submission_status,
       validation_errors = EXCLUDED.validation_errors,
       valid_until = EXCLUDED.valid_until,
       -- A new document starts its failed attempts afresh (submit.maxAttempts is per document).
       attempt_count = CASE WHEN s.current_hash = EXCLUDED.current_hash THEN s.attempt_count ELSE 0 END,
       -- A new document for a child that was not waiting (sent, refused, invalid) waits from this
       -- cycle's stamp, not from a wait that ended before; one still waiting keeps its older stamp.
       waiting_since = CASE WHEN s.current_hash = EXCLUDED.current_hash OR s.submission_status IN ('pending', 'sending') THEN s.waiting_since END,
       waiting_on_change = CASE WHEN s.current_hash = EXCLUDED.current_hash OR s.submission_status IN ('pending', 'sending') THEN s.waiting_on_change END,
       last_updated = EXCLUDED.last_updated;
