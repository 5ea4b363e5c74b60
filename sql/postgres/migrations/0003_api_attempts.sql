-- 0003_api_attempts.sql: one row per POST to the API (the audit trail).
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_api_attempt (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id          uuid NOT NULL,
  attempted_at      timestamptz NOT NULL,
  duration_ms       integer NOT NULL,
  attempt           integer NOT NULL,
  child_count       integer NOT NULL,
  person_ids        text[] NOT NULL,               -- ids only, never personal data
  http_status       integer,                       -- NULL: no answer (timeout, reset)
  outcome           varchar(16) NOT NULL,          -- sent or error
  response_excerpt  text,                          -- bounded excerpt of the answer
  receipts          jsonb                          -- person_id -> receipt, on success
);
CREATE INDEX IF NOT EXISTS ssd_delta_api_attempt_batch_idx ON {{schema}}.ssd_delta_api_attempt (batch_id);
CREATE INDEX IF NOT EXISTS ssd_delta_api_attempt_person_idx ON {{schema}}.ssd_delta_api_attempt USING gin (person_ids);
