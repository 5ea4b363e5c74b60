-- renew-lease.sql: extends by @lease_seconds the lease of batch @batch_id on the children in
-- @person_ids (JSON array) it still holds. Result: person_id of each child renewed.
UPDATE s
   SET lease_expires_at = DATEADD(SECOND, @lease_seconds, SYSUTCDATETIME()),
       leased_at = SYSUTCDATETIME()   -- last acted on: a POST may follow (take-over-leases.sql)
OUTPUT inserted.person_id
  FROM {{staging}} AS s
  JOIN OPENJSON(@person_ids) WITH (person_id NVARCHAR(48) '$') AS p ON p.person_id = s.person_id
 WHERE s.batch_id = @batch_id AND s.submission_status = 'sending';
