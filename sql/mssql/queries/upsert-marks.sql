-- upsert-marks.sql: writes marked staging rows. @rows: JSON array of {person_id, legacy_id,
-- json_payload, current_hash, row_state, submission_status, validation_errors, valid_until}:
-- one NVARCHAR(MAX) parameter for the whole chunk (no 2,100-parameter limit). No result.
MERGE {{staging}} WITH (HOLDLOCK) AS s
USING (SELECT * FROM OPENJSON(@rows) WITH (
         person_id NVARCHAR(48), legacy_id NVARCHAR(48), json_payload NVARCHAR(MAX), current_hash VARCHAR(32),
         row_state VARCHAR(16), submission_status VARCHAR(16), validation_errors NVARCHAR(MAX), valid_until DATE)) AS m
   ON s.person_id = m.person_id
 WHEN MATCHED THEN UPDATE
   SET legacy_id = m.legacy_id,
       json_payload = m.json_payload,
       current_hash = m.current_hash,
       row_state = m.row_state,
       submission_status = m.submission_status,
       validation_errors = m.validation_errors,
       valid_until = m.valid_until,
       -- A new document starts its failed attempts afresh (submit.maxAttempts is per document).
       attempt_count = CASE WHEN s.current_hash = m.current_hash THEN s.attempt_count ELSE 0 END,
       -- A new document for a child that was not waiting (sent, refused, invalid) waits from this
       -- cycle's stamp, not from a wait that ended before; one still waiting keeps its older stamp.
       waiting_since = CASE WHEN s.current_hash = m.current_hash OR s.submission_status IN ('pending', 'sending') THEN s.waiting_since END,
       waiting_on_change = CASE WHEN s.current_hash = m.current_hash OR s.submission_status IN ('pending', 'sending') THEN s.waiting_on_change END,
       last_updated = SYSUTCDATETIME()
 WHEN NOT MATCHED THEN
   INSERT (person_id, legacy_id, json_payload, current_hash, row_state, submission_status, validation_errors, valid_until, last_updated)
   VALUES (m.person_id, m.legacy_id, m.json_payload, m.current_hash, m.row_state, m.submission_status, m.validation_errors, m.valid_until, SYSUTCDATETIME());
