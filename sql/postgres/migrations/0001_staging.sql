-- 0001_staging.sql: the staging table, one row per child (LA column names kept as LAs use them).
-- {{staging_table}} is the configured name (database.stagingTable, default ssd_api_data_staging).
CREATE TABLE IF NOT EXISTS {{staging}} (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id              varchar(48) NOT NULL,
  legacy_id              varchar(48),
  json_payload           text NOT NULL,          -- the document as hashed and as sent (canonical JSON)
  previous_json_payload  text,                   -- the last document the API accepted (written only on success)
  partial_json_payload   text,                   -- partial-mode delta (later)
  current_hash           varchar(32) NOT NULL,   -- xxHash64 of json_payload, hex
  previous_hash          varchar(32),            -- hash of previous_json_payload
  submission_status      varchar(16) NOT NULL DEFAULT 'pending'
                         CHECK (submission_status IN ('pending', 'sending', 'sent', 'error', 'invalid')),
  submission_timestamp   timestamptz,
  api_response           text,                   -- latest receipt or error text
  receipt_timestamp      timestamp,              -- time in the latest receipt, as the API wrote it (zone not stated)
  row_state              varchar(16) NOT NULL DEFAULT 'new'
                         CHECK (row_state IN ('new', 'updated', 'unchanged', 'deleted')),
  last_updated           timestamptz NOT NULL DEFAULT now(),
  -- ssd-delta's own columns
  validation_errors      text,                   -- why a document is invalid (paths and rules, no personal data)
  attempt_count          integer NOT NULL DEFAULT 0,
  offered_at             timestamptz,            -- first claim for sending: from then on the API may hold the child
  batch_id               uuid,                   -- batch that claimed the row
  lease_expires_at       timestamptz,            -- a 'sending' row whose lease passed can be claimed again
  CONSTRAINT {{staging_table}}_person_id_key UNIQUE (person_id)
);
CREATE INDEX IF NOT EXISTS {{staging_table}}_status_idx ON {{staging}} (submission_status);
