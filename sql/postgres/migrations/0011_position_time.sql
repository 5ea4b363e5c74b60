-- 0011_position_time.sql: when each watermark's position was read (the database's clock): a change
-- above it was committed after then, which is where serve's commit-to-receipt counts from in
-- fingerprint mode (see read-watermarks.sql); and whether a child's waiting_since dates a change
-- (true) or only when a cycle found it waiting (a baseline, a resend), so commit-to-receipt counts
-- the first kind alone (stamp-waiting.sql, record-sent.sql). And the children the status page names with
-- serve.token (refused, invalid) are found by a small index, oldest first. No parameters.
ALTER TABLE {{schema}}.ssd_delta_watermark ADD COLUMN IF NOT EXISTS position_at timestamptz;
ALTER TABLE {{staging}} ADD COLUMN IF NOT EXISTS waiting_on_change boolean;
CREATE INDEX IF NOT EXISTS {{staging_table}}_attention_idx ON {{staging}} (submission_status, last_updated)
  WHERE submission_status IN ('error', 'invalid');
