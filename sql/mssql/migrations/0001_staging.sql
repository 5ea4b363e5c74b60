-- 0001_staging.sql: the staging table, one row per child (LA column names kept as LAs use them).
-- {{staging_table}} is the configured name (database.stagingTable, default ssd_api_data_staging).
-- Documents are NVARCHAR(MAX); times are UTC (SYSUTCDATETIME()) in DATETIME2(3). No parameters.
IF OBJECT_ID(N'{{staging}}', N'U') IS NULL
CREATE TABLE {{staging}} (
  id                     BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT {{staging_table}}_pkey PRIMARY KEY,
  person_id              NVARCHAR(48) NOT NULL,
  legacy_id              NVARCHAR(48) NULL,
  json_payload           NVARCHAR(MAX) NOT NULL,  -- the document as hashed and as sent (canonical JSON)
  previous_json_payload  NVARCHAR(MAX) NULL,      -- the last document the API accepted (written only on success)
  partial_json_payload   NVARCHAR(MAX) NULL,      -- what was last sent when it was a delta
  current_hash           VARCHAR(32) NOT NULL,    -- xxHash64 of json_payload, hex
  previous_hash          VARCHAR(32) NULL,        -- hash of previous_json_payload
  submission_status      VARCHAR(16) NOT NULL CONSTRAINT {{staging_table}}_submission_status_df DEFAULT 'pending'
                         CONSTRAINT {{staging_table}}_submission_status_ck CHECK (submission_status IN ('pending', 'sending', 'sent', 'error', 'invalid')),
  submission_timestamp   DATETIME2(3) NULL,
  api_response           NVARCHAR(MAX) NULL,      -- latest receipt or error text
  receipt_timestamp      DATETIME2(3) NULL,       -- time in the latest receipt, as the API wrote it (zone not stated)
  row_state              VARCHAR(16) NOT NULL CONSTRAINT {{staging_table}}_row_state_df DEFAULT 'new'
                         CONSTRAINT {{staging_table}}_row_state_ck CHECK (row_state IN ('new', 'updated', 'unchanged', 'deleted')),
  last_updated           DATETIME2(3) NOT NULL CONSTRAINT {{staging_table}}_last_updated_df DEFAULT SYSUTCDATETIME(),
  -- ssd-delta's own columns
  validation_errors      NVARCHAR(MAX) NULL,      -- why a document is invalid (paths and rules, no personal data)
  attempt_count          INT NOT NULL CONSTRAINT {{staging_table}}_attempt_count_df DEFAULT 0,
  offered_at             DATETIME2(3) NULL,       -- first claim for sending: from then on the API may hold the child
  batch_id               UNIQUEIDENTIFIER NULL,   -- batch that claimed the row
  lease_expires_at       DATETIME2(3) NULL,       -- a 'sending' row whose lease passed can be claimed again
  CONSTRAINT {{staging_table}}_person_id_key UNIQUE (person_id)
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{{staging_table}}_status_idx' AND object_id = OBJECT_ID(N'{{staging}}'))
  CREATE INDEX {{staging_table}}_status_idx ON {{staging}} (submission_status);
