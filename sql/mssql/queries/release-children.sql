-- release-children.sql: batch @batch_id could not be sent to the children in @rows (JSON array
-- of {person_id, error}) for a reason that says nothing about them (the API down, retries used
-- up): back to pending, the error kept in api_response, no failed attempt counted. The offer
-- joins the unconfirmed list (its answer never arrived). No result.
UPDATE s
   SET submission_status = CASE WHEN s.submission_status = 'invalid' THEN 'invalid' ELSE 'pending' END,
       api_response = r.error,
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(s.unconfirmed_json_payloads, s.offered_json_payload),
       offered_json_payload = NULL,
       batch_id = NULL,
       lease_expires_at = NULL, leased_by = NULL, leased_at = NULL,
       last_updated = SYSUTCDATETIME()
  FROM {{staging}} AS s
  JOIN OPENJSON(@rows) WITH (person_id NVARCHAR(48), error NVARCHAR(MAX)) AS r ON r.person_id = s.person_id
 WHERE s.batch_id = @batch_id;
