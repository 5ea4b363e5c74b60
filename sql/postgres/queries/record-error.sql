-- record-error.sql: batch @batch_id (uuid) was refused for children @rows (jsonb array of
-- {person_id, hash, error}). Rows still leased to this batch with the same document become
-- 'error' with their text and one more failed attempt (submit.maxAttempts counts them); a row
-- whose document changed meanwhile goes back to pending with the new one, uncounted. The offer
-- joins the unconfirmed list: a 2xx without proper receipts, or an earlier try of the same POST
-- that got no answer, may have been applied all the same.
UPDATE {{staging}} AS s
   SET submission_status = CASE WHEN s.current_hash = r.hash THEN 'error'
                                WHEN s.submission_status = 'invalid' THEN 'invalid' -- re-marked invalid in flight
                                ELSE 'pending' END,
       api_response = r.error,
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(s.unconfirmed_json_payloads, s.offered_json_payload),
       offered_json_payload = NULL,
       attempt_count = CASE WHEN s.current_hash = r.hash THEN s.attempt_count + 1 ELSE s.attempt_count END,
       batch_id = NULL,
       lease_expires_at = NULL, leased_by = NULL, leased_at = NULL,
       last_updated = now()
  FROM jsonb_to_recordset(@rows::jsonb) AS r(person_id text, hash text, error text)
 WHERE s.person_id = r.person_id AND s.batch_id = @batch_id::uuid;
