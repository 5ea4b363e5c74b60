-- record-sent.sql: the API accepted batch $2 (uuid). $1: jsonb array of
-- {person_id, hash, json, receipt, receipt_ts}. The sent document becomes the baseline
-- (previous_*). Only rows still leased to this batch are written: a batch whose lease ran out
-- may have been claimed and sent again since, and must not move the baseline back. A child whose
-- document changed while in flight goes back to pending with the new one.
UPDATE {{staging_table}} AS s
   SET previous_json_payload = r.json,
       previous_hash = r.hash,
       submission_status = CASE WHEN s.current_hash = r.hash THEN 'sent'
                                WHEN s.submission_status = 'invalid' THEN 'invalid' -- re-marked invalid in flight
                                ELSE 'pending' END,
       submission_timestamp = now(),
       api_response = r.receipt,
       receipt_timestamp = r.receipt_ts::timestamp,
       attempt_count = 0,
       batch_id = NULL,
       lease_expires_at = NULL,
       last_updated = now()
  FROM jsonb_to_recordset($1::jsonb) AS r(person_id text, hash text, json text, receipt text, receipt_ts text)
 WHERE s.person_id = r.person_id AND s.batch_id = $2::uuid;
