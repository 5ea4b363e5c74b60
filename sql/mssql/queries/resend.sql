-- resend.sql: puts children in error back to pending with their failed attempts forgotten:
-- those in @person_ids (JSON array), or every one when @all = 1; they wait from now, and
-- commit-to-receipt does not count them (no change was committed). Result: person_id of each.
UPDATE {{staging}}
   SET submission_status = 'pending', attempt_count = 0, last_updated = SYSUTCDATETIME(), waiting_since = SYSUTCDATETIME(), waiting_on_change = 0
OUTPUT inserted.person_id
 WHERE submission_status = 'error'
   AND (@all = 1 OR person_id IN (SELECT person_id FROM OPENJSON(@person_ids) WITH (person_id NVARCHAR(48) '$')));
