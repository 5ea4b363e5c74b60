-- release-batch.sql: gives the rows of batch $1 (uuid) back as pending, when the batch could
-- not be sent for a reason that says nothing about its children (no token, shutdown).
UPDATE {{staging_table}}
   SET submission_status = 'pending', batch_id = NULL, lease_expires_at = NULL, last_updated = now()
 WHERE batch_id = $1::uuid AND submission_status = 'sending';
