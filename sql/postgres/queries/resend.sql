-- resend.sql: puts children in error back to pending with their failed attempts forgotten:
-- those in $1 (text[]), or every one when $2 is true. Returns the children put back.
UPDATE {{staging}}
   SET submission_status = 'pending', attempt_count = 0, last_updated = now()
 WHERE submission_status = 'error' AND (person_id = ANY ($1::text[]) OR $2::boolean)
RETURNING person_id;
