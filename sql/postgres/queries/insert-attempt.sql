-- insert-attempt.sql: one audit row per POST. @batch_id batch_id, @attempted_at attempted_at, @duration_ms duration_ms,
-- @attempt attempt, @person_ids person_ids (text[]), @http_status http_status, @outcome outcome, @response_excerpt response excerpt,
-- @receipts receipts (jsonb person_id -> receipt, or NULL).
INSERT INTO {{schema}}.ssd_delta_api_attempt
       (batch_id, attempted_at, duration_ms, attempt, child_count, person_ids, http_status, outcome, response_excerpt, receipts)
VALUES (@batch_id::uuid, @attempted_at::timestamptz, @duration_ms, @attempt, cardinality(@person_ids::text[]), @person_ids::text[], @http_status, @outcome, @response_excerpt, @receipts::jsonb);
