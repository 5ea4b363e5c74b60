-- insert-attempt.sql: one audit row per POST, and one row per child of it (for `history`).
-- @batch_id, @attempted_at (UTC), @duration_ms, @attempt, @person_ids (JSON array),
-- @http_status (NULL: no answer), @outcome, @response_excerpt, @receipts (JSON object
-- person_id -> receipt, or NULL). No result.
DECLARE @inserted TABLE (id BIGINT NOT NULL);
INSERT INTO {{schema}}.ssd_delta_api_attempt
       (batch_id, attempted_at, duration_ms, attempt, child_count, person_ids, http_status, outcome, response_excerpt, receipts)
OUTPUT inserted.id INTO @inserted
SELECT @batch_id, @attempted_at, @duration_ms, @attempt, (SELECT COUNT(*) FROM OPENJSON(@person_ids)), @person_ids,
       @http_status, @outcome, @response_excerpt, @receipts;
INSERT INTO {{schema}}.ssd_delta_api_attempt_child (attempt_id, person_id)
SELECT DISTINCT i.id, p.person_id FROM @inserted AS i CROSS JOIN OPENJSON(@person_ids) WITH (person_id NVARCHAR(48) '$') AS p;
