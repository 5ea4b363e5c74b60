-- 0012_run_leases.sql: who holds each lease, and why the last cycle left children unsent.
-- A claim names its run (leased_by: run id, host and pid) and when it was last claimed or renewed
-- (leased_at, UTC): a run holding the run lock takes over every lease from before it took the lock
-- (their runs no longer hold it, and only the lock's holder sends; take-over-leases.sql), and
-- `status` says whose lease a waiting child is under. The last cycle's reasons for leaving
-- children unsent (waits: a JSON array of sentences, and when, UTC) are kept for `status`.
-- Nullable columns without defaults: metadata-only changes. No parameters.
IF COL_LENGTH(N'{{staging}}', N'leased_by') IS NULL
  ALTER TABLE {{staging}} ADD leased_by NVARCHAR(200) NULL;
IF COL_LENGTH(N'{{staging}}', N'leased_at') IS NULL
  ALTER TABLE {{staging}} ADD leased_at DATETIME2(3) NULL;
-- A child taken over from an ended run whose POST went unanswered: that POST could still arrive
-- until fence_until (UTC), so until then only the document it carried (fence_hash; NULL: none of
-- the child's documents) may be sent, and an older document never lands after a newer one.
IF COL_LENGTH(N'{{staging}}', N'fence_until') IS NULL
  ALTER TABLE {{staging}} ADD fence_until DATETIME2(3) NULL;
IF COL_LENGTH(N'{{staging}}', N'fence_hash') IS NULL
  ALTER TABLE {{staging}} ADD fence_hash VARCHAR(32) NULL;
IF COL_LENGTH(N'{{schema}}.ssd_delta_last_cycle', N'waits') IS NULL
  ALTER TABLE {{schema}}.ssd_delta_last_cycle ADD waits NVARCHAR(MAX) NULL;
IF COL_LENGTH(N'{{schema}}.ssd_delta_last_cycle', N'waits_at') IS NULL
  ALTER TABLE {{schema}}.ssd_delta_last_cycle ADD waits_at DATETIME2(3) NULL;
IF COL_LENGTH(N'{{schema}}.ssd_delta_last_cycle', N'run_by') IS NULL
  ALTER TABLE {{schema}}.ssd_delta_last_cycle ADD run_by NVARCHAR(200) NULL;   -- the run that took the run lock last
GO
-- The rows under a lease, found without reading the staging table: every cycle looks for the
-- leases of runs that ended before it sends.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{{staging_table}}_leased_idx' AND object_id = OBJECT_ID(N'{{staging}}'))
  CREATE INDEX {{staging_table}}_leased_idx ON {{staging}} (id) INCLUDE (leased_by, leased_at, lease_expires_at)
    WHERE lease_expires_at IS NOT NULL;
-- The children fenced after a takeover, found by when their fence ends (read-unsent.sql).
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{{staging_table}}_fence_idx' AND object_id = OBJECT_ID(N'{{staging}}'))
  CREATE INDEX {{staging_table}}_fence_idx ON {{staging}} (fence_until)
    INCLUDE (fence_hash, current_hash, submission_status, attempt_count, row_state) WHERE fence_until IS NOT NULL;
