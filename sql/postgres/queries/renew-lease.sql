-- renew-lease.sql: extends by $3 seconds the lease of batch $1 (uuid) on children $2 (text[])
-- it still holds; returns them. A child no longer leased to the batch is not returned.
UPDATE {{staging}}
   SET lease_expires_at = now() + make_interval(secs => $3)
 WHERE batch_id = $1::uuid AND person_id = ANY ($2::text[]) AND submission_status = 'sending'
RETURNING person_id;
