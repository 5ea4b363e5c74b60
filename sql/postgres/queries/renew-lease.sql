-- renew-lease.sql: extends by @lease_seconds seconds the lease of batch @batch_id (uuid) on children @person_ids (text[])
-- it still holds; returns them. A child no longer leased to the batch is not returned.
UPDATE {{staging}}
   SET lease_expires_at = now() + make_interval(secs => @lease_seconds),
       leased_at = now()   -- last acted on: a POST may follow (take-over-leases.sql)
 WHERE batch_id = @batch_id::uuid AND person_id = ANY (@person_ids::text[]) AND submission_status = 'sending'
RETURNING person_id;
