-- 0005_send_runs.sql: the last sending run, the claimable-rows index, and what the receiver may
-- hold beyond the last accepted document. {{schema}}: the schema ssd-delta's objects are in
-- (the login's default schema; a scalar function must be called by a two-part name). No
-- parameters. Batches are separated by GO (CREATE FUNCTION must start a batch).
IF OBJECT_ID(N'{{schema}}.ssd_delta_last_send', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_last_send (
  single        BIT NOT NULL CONSTRAINT ssd_delta_last_send_pkey PRIMARY KEY CONSTRAINT ssd_delta_last_send_single_ck CHECK (single = 1),
  finished_at   DATETIME2(3) NOT NULL,
  sent          INT NOT NULL,
  errors        INT NOT NULL,        -- children refused (now error)
  released      INT NOT NULL,        -- children the API could not take (back to pending)
  stopped       NVARCHAR(MAX) NULL   -- why the circuit breaker stopped the run, or NULL
);

-- Claiming walks the rows that may need sending in id order and stops at a batch.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{{staging_table}}_claimable_idx' AND object_id = OBJECT_ID(N'{{staging}}'))
  CREATE INDEX {{staging_table}}_claimable_idx ON {{staging}} (id)
    INCLUDE (submission_status, last_updated, lease_expires_at, attempt_count, row_state)
    WHERE submission_status IN ('pending', 'sending', 'error');

-- A claim stores the document it is about to send (offered); a definite answer clears it. An
-- offer with no definite answer moves to the unconfirmed list (a JSON array), and the next body
-- for the child is sent whole, with purges for everything in the list it no longer has.
IF COL_LENGTH(N'{{staging}}', N'offered_json_payload') IS NULL
  ALTER TABLE {{staging}} ADD offered_json_payload NVARCHAR(MAX) NULL;
IF COL_LENGTH(N'{{staging}}', N'unconfirmed_json_payloads') IS NULL
  ALTER TABLE {{staging}} ADD unconfirmed_json_payloads NVARCHAR(MAX) NULL;
GO
-- The unconfirmed list with an offer added (unchanged when there is none): every place an offer
-- loses its definite answer says so through this one definition.
CREATE OR ALTER FUNCTION {{schema}}.ssd_delta_unconfirmed_with(@list NVARCHAR(MAX), @offered NVARCHAR(MAX))
RETURNS NVARCHAR(MAX) WITH SCHEMABINDING AS
BEGIN
  RETURN CASE WHEN @offered IS NULL THEN @list
              ELSE JSON_MODIFY(COALESCE(@list, N'[]'), 'append $', JSON_QUERY(@offered)) END;
END
