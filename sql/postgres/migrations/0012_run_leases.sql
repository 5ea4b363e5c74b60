-- 0012_run_leases.sql: who holds each lease, and why the last cycle left children unsent.
-- A claim names its run (leased_by: run id, host and pid) and when it was last claimed or renewed
-- (leased_at): a run holding the run lock takes over every lease from before it took the lock
-- (their runs no longer hold it, and only the lock's holder sends; take-over-leases.sql), and
-- `status` says whose lease a waiting child is under. The last cycle's reasons for leaving
-- children unsent (waits: a JSON array of sentences, and when) are kept for `status`.
-- No parameters.
ALTER TABLE {{staging}} ADD COLUMN IF NOT EXISTS leased_by varchar(200);
ALTER TABLE {{staging}} ADD COLUMN IF NOT EXISTS leased_at timestamptz;
-- A child taken over from an ended run whose POST went unanswered: that POST could still arrive
-- until fence_until, so until then only the document it carried (fence_hash; NULL: none of the
-- child's documents) may be sent, and an older document never lands after a newer one.
ALTER TABLE {{staging}} ADD COLUMN IF NOT EXISTS fence_until timestamptz;
ALTER TABLE {{staging}} ADD COLUMN IF NOT EXISTS fence_hash varchar(32);
ALTER TABLE {{schema}}.ssd_delta_last_cycle ADD COLUMN IF NOT EXISTS waits text;
ALTER TABLE {{schema}}.ssd_delta_last_cycle ADD COLUMN IF NOT EXISTS waits_at timestamptz;
ALTER TABLE {{schema}}.ssd_delta_last_cycle ADD COLUMN IF NOT EXISTS run_by varchar(200);   -- the run that took the run lock last
-- The rows under a lease, found without reading the staging table: every cycle looks for the
-- leases of runs that ended before it sends.
CREATE INDEX IF NOT EXISTS {{staging_table}}_leased_idx ON {{staging}} (id) WHERE lease_expires_at IS NOT NULL;
-- The children fenced after a takeover, found by when their fence ends (read-unsent.sql).
CREATE INDEX IF NOT EXISTS {{staging_table}}_fence_idx ON {{staging}} (fence_until) WHERE fence_until IS NOT NULL;
