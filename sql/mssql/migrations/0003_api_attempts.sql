-- 0003_api_attempts.sql: one row per POST to the API (the audit trail). No parameters.
IF OBJECT_ID(N'{{schema}}.ssd_delta_api_attempt', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_api_attempt (
  id                BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT ssd_delta_api_attempt_pkey PRIMARY KEY,
  batch_id          UNIQUEIDENTIFIER NOT NULL,
  attempted_at      DATETIME2(3) NOT NULL,          -- UTC
  duration_ms       INT NOT NULL,
  attempt           INT NOT NULL,
  child_count       INT NOT NULL,
  person_ids        NVARCHAR(MAX) NOT NULL,         -- JSON array of ids only, never personal data
  http_status       INT NULL,                       -- NULL: no answer (timeout, reset)
  outcome           VARCHAR(16) NOT NULL,
  response_excerpt  NVARCHAR(MAX) NULL,             -- bounded excerpt of the answer
  receipts          NVARCHAR(MAX) NULL              -- JSON object person_id -> receipt, on success
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_delta_api_attempt_batch_idx' AND object_id = OBJECT_ID(N'{{schema}}.ssd_delta_api_attempt'))
  CREATE INDEX ssd_delta_api_attempt_batch_idx ON {{schema}}.ssd_delta_api_attempt (batch_id);
-- One row per child of each POST, so `history --person` seeks instead of reading every attempt
-- (Postgres uses a GIN index on the person_ids array).
IF OBJECT_ID(N'{{schema}}.ssd_delta_api_attempt_child', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_api_attempt_child (
  attempt_id  BIGINT NOT NULL,
  person_id   NVARCHAR(48) NOT NULL,
  CONSTRAINT ssd_delta_api_attempt_child_pkey PRIMARY KEY (person_id, attempt_id)
);
