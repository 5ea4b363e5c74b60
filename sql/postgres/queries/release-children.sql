-- release-children.sql: batch @batch_id (uuid) could not be sent to children @rows (jsonb array of
-- {person_id, error}) for a reason that says nothing about them (the API down, retries used
-- up): back to pending, the error kept in api_response, no failed attempt counted. The receiver
-- may still have applied the offer (an answer that never arrived), so it joins the unconfirmed list.
UPDATE {{staging}} AS s
   SET submission_status = CASE WHEN s.submission_status = 'invalid' THEN 'invalid' ELSE 'pending' END,
       api_response = r.error,
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(s.unconfirmed_json_payloads, s.offered_json_payload),
       offered_json_payload = NULL,
       batch_id = NULL,
       lease_expires_at = NULL, leased_by = NULL, leased_at = NULL,
       last_updated = now()
  FROM jsonb_to_recordset(@rows::jsonb) AS r(person_id text, error text)
 WHERE s.person_id = r.person_id AND s.batch_id = @batch_id::uuid;
