-- insert-attempt.sql: one audit row per POST. $1 batch_id, $2 attempted_at, $3 duration_ms,
-- $4 attempt, $5 person_ids (text[]), $6 http_status, $7 outcome, $8 response excerpt,
-- $9 receipts (jsonb person_id -> receipt, or NULL).
INSERT INTO {{schema}}.ssd_delta_api_attempt
       (batch_id, attempted_at, duration_ms, attempt, child_count, person_ids, http_status, outcome, response_excerpt, receipts)
VALUES ($1::uuid, $2::timestamptz, $3, $4, cardinality($5::text[]), $5::text[], $6, $7, $8, $9::jsonb);
