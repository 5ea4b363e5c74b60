-- release-batch.sql: gives the rows of batch @batch_id back as pending, when the batch could not
-- be sent for a reason that says nothing about its children (no token, shutdown). Part of it may
-- have been sent before that: its offers join the unconfirmed lists. No result.
UPDATE {{staging}}
   SET submission_status = 'pending', batch_id = NULL, lease_expires_at = NULL, leased_by = NULL, leased_at = NULL, last_updated = SYSUTCDATETIME(),
       unconfirmed_json_payloads = {{schema}}.ssd_delta_unconfirmed_with(unconfirmed_json_payloads, offered_json_payload),
       offered_json_payload = NULL
 WHERE batch_id = @batch_id AND submission_status = 'sending';
