-- record-sent.sql: the API accepted batch @batch_id (uuid). @rows: jsonb array of
-- {person_id, hash, sent, receipt, receipt_ts}. The document offered to the batch by the claim
-- (offered_json_payload, whose hash is `hash`) becomes the baseline (previous_*): what the
-- receiver holds once it has applied what was sent (`sent`, stored in partial_json_payload when it
-- was a delta rather than the document itself). The document does not travel back: the claim
-- stored it. Only rows still leased to this batch are written: a batch whose lease ran out may
-- have been claimed and sent again since, and must not move the baseline back. A child whose
-- document changed while in flight goes back to pending with the new one.
-- Result: waited_seconds for each child now sent whose waiting_since dated a change
-- (waiting_on_change), by the database's clock, from the stamp before this statement (`waiting`
-- reads the snapshot the UPDATE started from): its commit-to-receipt. `waiting` is read once, for
-- the batch's own children, and materialised: joined to the update's rows instead, the planner
-- scanned every waiting row once per child (a first cycle of 20,000 children spent most of its
-- sending there). Both reach the batch's rows by the person_id key: `= ANY (ARRAY(...))` and the
-- record set, whose size the planner knows (a CTE of it, or IN over it, was planned as a scan of
-- the whole staging table per batch: sending 100,000 children slowed down as the table grew).
-- `waiting` leaves `waiting_since IS NOT NULL` to the last SELECT: in its WHERE it let the planner
-- read the partial index on waiting_since instead, every waiting row of the LA for each batch
-- (a first cycle of 1,000,000 children: 2.3 s a batch against 13 ms by person_id, with the
-- statistics taken while the table was still filling).
WITH waiting AS MATERIALIZED (
  SELECT s.person_id, s.waiting_since FROM {{staging}} AS s
   WHERE s.person_id = ANY (ARRAY(SELECT r.person_id FROM jsonb_to_recordset(@rows::jsonb) AS r(person_id text)))
     AND s.batch_id = @batch_id::uuid AND s.waiting_on_change
), written AS (
UPDATE {{staging}} AS s
   SET previous_json_payload = s.offered_json_payload,
       previous_hash = r.hash,
       partial_json_payload = r.sent,
       offered_json_payload = NULL,        -- the receiver holds exactly this document now
       unconfirmed_json_payloads = NULL,
       submission_status = CASE WHEN s.current_hash = r.hash THEN 'sent'
                                WHEN s.submission_status = 'invalid' THEN 'invalid' -- re-marked invalid in flight
                                ELSE 'pending' END,
       submission_timestamp = now(),
       api_response = r.receipt,
       receipt_timestamp = r.receipt_ts::timestamp,
       attempt_count = 0,
       batch_id = NULL,
       lease_expires_at = NULL, leased_by = NULL, leased_at = NULL,
       -- a fence that has passed is forgotten (take-over-leases.sql), so the index of fences stays small
       fence_until = CASE WHEN s.fence_until > now() THEN s.fence_until END,
       fence_hash = CASE WHEN s.fence_until > now() THEN s.fence_hash END,
       -- accepted: no longer waiting (a document changed in flight goes on waiting from when it began)
       waiting_since = CASE WHEN s.current_hash = r.hash THEN NULL ELSE s.waiting_since END,
       waiting_on_change = CASE WHEN s.current_hash = r.hash THEN NULL ELSE s.waiting_on_change END,
       last_updated = now()
  FROM jsonb_to_recordset(@rows::jsonb) AS r(person_id text, hash text, sent text, receipt text, receipt_ts text)
 WHERE s.person_id = r.person_id AND s.batch_id = @batch_id::uuid AND s.offered_json_payload IS NOT NULL
RETURNING s.person_id, s.submission_status
)
SELECT extract(epoch FROM now() - w.waiting_since)::float8 AS waited_seconds
  FROM written JOIN waiting AS w ON w.person_id = written.person_id
 WHERE written.submission_status = 'sent' AND w.waiting_since IS NOT NULL;
