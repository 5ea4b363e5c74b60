-- remove-unsent.sql: removes staging rows of gone children (@person_ids, JSON array) that were
-- never offered to the API: there is nothing to purge there. A row that was ever claimed may
-- have been accepted without our knowing: it is marked deleted and purged instead. No result.
DELETE s FROM {{staging}} AS s
  JOIN OPENJSON(@person_ids) WITH (person_id NVARCHAR(48) '$') AS p ON p.person_id = s.person_id
 WHERE s.previous_hash IS NULL AND s.offered_at IS NULL AND s.submission_status IN ('pending', 'invalid');
