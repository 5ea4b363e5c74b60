-- remove-unsent.sql: removes staging rows of gone children ($1 text[]) that were never offered
-- to the API (never attempted, not in flight): there is nothing to purge there. A row that was
-- attempted may have been accepted without our knowing (a timeout, a crash): it is marked
-- deleted and purged instead.
DELETE FROM {{staging_table}}
 WHERE person_id = ANY ($1::text[]) AND previous_hash IS NULL
   AND attempt_count = 0 AND submission_status IN ('pending', 'invalid');
