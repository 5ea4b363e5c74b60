-- record-sent.sql: the API accepted batch @batch_id. @rows: JSON array of
-- {person_id, hash, sent, receipt, receipt_ts}. The document the claim offered to the batch
-- (offered_json_payload, whose hash is `hash`) becomes the baseline (previous_*); it does not
-- travel back. `sent` is stored in partial_json_payload when it was a delta. Only rows still
-- leased to this batch are written (a batch whose lease ran out may have been sent again since).
-- A child whose document changed while in flight goes back to pending with the new one.
-- Result: waited_seconds for each child now sent whose waiting_since dated a change
-- (waiting_on_change; UTC, from the stamp before this statement): its commit-to-receipt. OUTPUT goes INTO a table variable, so a trigger
-- someone put on the staging table cannot make the statement fail.
DECLARE @waited TABLE (waited_seconds FLOAT NULL, submission_status VARCHAR(16) NOT NULL);
UPDATE s
   SET previous_json_payload = s.offered_json_payload,
       previous_hash = r.hash,
       partial_json_payload = r.sent,
       offered_json_payload = NULL,        -- the receiver holds exactly this document now
       unconfirmed_json_payloads = NULL,
       submission_status = CASE WHEN s.current_hash = r.hash THEN 'sent'
                                WHEN s.submission_status = 'invalid' THEN 'invalid'
                                ELSE 'pending' END,
       submission_timestamp = SYSUTCDATETIME(),
       api_response = r.receipt,
       -- the receipt's time as written (any offset dropped, as Postgres' ::timestamp does)
       receipt_timestamp = CONVERT(DATETIME2(3), TRY_CONVERT(DATETIMEOFFSET(3), r.receipt_ts)),
       attempt_count = 0,
       batch_id = NULL,
       lease_expires_at = NULL, leased_by = NULL, leased_at = NULL,
       -- a fence that has passed is forgotten (take-over-leases.sql), so the index of fences stays small
       fence_until = CASE WHEN s.fence_until > SYSUTCDATETIME() THEN s.fence_until END,
       fence_hash = CASE WHEN s.fence_until > SYSUTCDATETIME() THEN s.fence_hash END,
       -- accepted: no longer waiting (a document changed in flight goes on waiting from when it began)
       waiting_since = CASE WHEN s.current_hash = r.hash THEN NULL ELSE s.waiting_since END,
       waiting_on_change = CASE WHEN s.current_hash = r.hash THEN NULL ELSE s.waiting_on_change END,
       last_updated = SYSUTCDATETIME()
OUTPUT CASE WHEN deleted.waiting_on_change = 1 THEN CAST(DATEDIFF_BIG(MILLISECOND, deleted.waiting_since, SYSUTCDATETIME()) AS FLOAT) / 1000 END,
       inserted.submission_status INTO @waited (waited_seconds, submission_status)
  FROM {{staging}} AS s
  JOIN OPENJSON(@rows) WITH (person_id NVARCHAR(48), hash VARCHAR(32), sent NVARCHAR(MAX),
                             receipt NVARCHAR(MAX), receipt_ts NVARCHAR(40)) AS r ON r.person_id = s.person_id
 WHERE s.batch_id = @batch_id AND s.offered_json_payload IS NOT NULL;
SELECT waited_seconds FROM @waited WHERE submission_status = 'sent' AND waited_seconds IS NOT NULL;
