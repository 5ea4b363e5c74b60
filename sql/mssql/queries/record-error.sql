-- record-error.sql: batch @batch_id was refused for the children in @rows (JSON array of
-- {person_id, hash, error}). Rows still leased to this batch with the same document become
-- 'error' with their text and one more failed attempt; a row whose document changed meanwhile
-- goes back to pending, uncounted. The offer joins the unconfirmed list. No result.
UPDATE s
   SET submission_status = CASE WHEN s.current_hash = r.hash THEN 'error'
                                WHEN s.submission_status = 'invalid' THEN 'invalid' -- re-marked invalid in flight
                                ELSE 'pending' END,
       api_response = r.error,
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(s.unconfirmed_json_payloads, s.offered_json_payload),
       offered_json_payload = NULL,
       attempt_count = CASE WHEN s.current_hash = r.hash THEN s.attempt_count + 1 ELSE s.attempt_count END,
       batch_id = NULL,
       lease_expires_at = NULL, leased_by = NULL, leased_at = NULL,
       last_updated = SYSUTCDATETIME()
  FROM {{staging}} AS s
  JOIN OPENJSON(@rows) WITH (person_id NVARCHAR(48), hash VARCHAR(32), error NVARCHAR(MAX)) AS r ON r.person_id = s.person_id
 WHERE s.batch_id = @batch_id;
