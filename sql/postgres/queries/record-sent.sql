-- record-sent.sql: the API accepted batch $2 (uuid). $1: jsonb array of
-- {person_id, hash, json, receipt, receipt_ts}. The sent document becomes the baseline
-- (previous_*). A child whose document changed while in flight goes back to pending.
UPDATE {{staging_table}} AS s
   SET previous_json_payload = r.json,
       previous_hash = r.hash,
       submission_status = CASE WHEN s.batch_id = $2::uuid AND s.current_hash = r.hash THEN 'sent'
                                WHEN s.batch_id = $2::uuid THEN 'pending'
                                ELSE s.submission_status END,
       submission_timestamp = now(),
       api_response = r.receipt,
       attempt_count = 0,
       batch_id = CASE WHEN s.batch_id = $2::uuid THEN NULL ELSE s.batch_id END,
       lease_expires_at = CASE WHEN s.batch_id = $2::uuid THEN NULL ELSE s.lease_expires_at END,
       last_updated = now()
  FROM jsonb_to_recordset($1::jsonb) AS r(person_id text, hash text, json text, receipt text, receipt_ts text)
 WHERE s.person_id = r.person_id;
