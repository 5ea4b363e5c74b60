-- record-error.sql: batch $2 (uuid) was refused for children $1 (jsonb array of
-- {person_id, hash, error}). Rows still leased to this batch with the same document become
-- 'error' with their text and one more failed attempt (submit.maxAttempts counts them); a row
-- whose document changed meanwhile goes back to pending with the new one.
UPDATE {{staging_table}} AS s
   SET submission_status = CASE WHEN s.current_hash = r.hash THEN 'error'
                                WHEN s.submission_status = 'invalid' THEN 'invalid' -- re-marked invalid in flight
                                ELSE 'pending' END,
       api_response = r.error,
       offered_json_payload = NULL, -- refused: never applied
       attempt_count = s.attempt_count + 1,
       batch_id = NULL,
       lease_expires_at = NULL,
       last_updated = now()
  FROM jsonb_to_recordset($1::jsonb) AS r(person_id text, hash text, error text)
 WHERE s.person_id = r.person_id AND s.batch_id = $2::uuid;
