-- remove-unsent.sql: removes staging rows of gone children (@person_ids text[]) that were never offered
-- to the API (never claimed for sending): there is nothing to purge there. A row that was ever
-- claimed may have been accepted without our knowing (a timeout, a crash): it is marked deleted
-- and purged instead.
DELETE FROM {{staging}}
 WHERE person_id = ANY (@person_ids::text[]) AND previous_hash IS NULL AND offered_at IS NULL
   AND submission_status IN ('pending', 'invalid');
