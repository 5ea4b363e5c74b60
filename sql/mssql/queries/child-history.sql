-- child-history.sql: every POST that carried child @person_id, oldest first, with its receipt
-- for the child. Result: attempted_at (ISO, UTC), batch_id, attempt, child_count, http_status,
-- outcome, duration_ms, receipt, response_excerpt (first 200 characters).
SELECT CONVERT(VARCHAR(23), a.attempted_at, 126) + 'Z' AS attempted_at,
       LOWER(CONVERT(VARCHAR(36), a.batch_id)) AS batch_id, a.attempt, a.child_count, a.http_status, a.outcome, a.duration_ms,
       (SELECT r.[value] FROM OPENJSON(a.receipts) AS r WHERE r.[key] = @person_id) AS receipt,
       LEFT(a.response_excerpt, 200) AS response_excerpt
  FROM {{schema}}.ssd_delta_api_attempt_child c
  JOIN {{schema}}.ssd_delta_api_attempt a ON a.id = c.attempt_id
 WHERE c.person_id = @person_id
 ORDER BY a.id;
