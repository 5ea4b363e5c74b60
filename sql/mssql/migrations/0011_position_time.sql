-- 0011_position_time.sql: when each watermark's position was read (UTC): a change above it was
-- committed after then, which is where serve's commit-to-receipt counts from (see
-- read-watermarks.sql); and whether a child's waiting_since dates a change (1) or only when a
-- cycle found it waiting (a baseline, a resend), so commit-to-receipt counts the first kind alone
-- (stamp-waiting.sql, record-sent.sql). And the children the status page names with serve.token (refused,
-- invalid) are found by a small filtered index, oldest first, without looking up each row.
-- No parameters.
IF COL_LENGTH(N'{{schema}}.ssd_delta_watermark', N'position_at') IS NULL
  ALTER TABLE {{schema}}.ssd_delta_watermark ADD position_at DATETIME2(3) NULL;   -- UTC
GO
IF COL_LENGTH(N'{{staging}}', N'waiting_on_change') IS NULL
  ALTER TABLE {{staging}} ADD waiting_on_change BIT NULL;   -- nullable, no default: a metadata-only change
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{{staging_table}}_attention_idx' AND object_id = OBJECT_ID(N'{{staging}}'))
  CREATE INDEX {{staging_table}}_attention_idx ON {{staging}} (submission_status, last_updated)
    INCLUDE (person_id) WHERE submission_status IN ('error', 'invalid');
