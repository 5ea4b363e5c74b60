-- resend.sql: puts children in error back to pending with their failed attempts forgotten:
-- those in @person_ids (text[]), or every one when @all is true; they wait from now, and commit-to-receipt
-- does not count them (no change was committed). Returns the children put back.
UPDATE {{staging}}
   SET submission_status = 'pending', attempt_count = 0, last_updated = now(), waiting_since = now(), waiting_on_change = false
 WHERE submission_status = 'error' AND (person_id = ANY (@person_ids::text[]) OR @all::boolean)
RETURNING person_id;
