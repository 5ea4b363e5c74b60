-- 0010_waiting_since.sql: how long a child has waited to be sent, for `serve`'s pending-age alert
-- and metric. last_updated cannot say: every claim and every answer the API did not take rewrites
-- it, so during an outage it never grows old. waiting_since is stamped once when a cycle finds
-- the child waiting (pending or sending), kept through claims, releases and retries, and
-- cleared when the API accepts it (see stamp-waiting.sql, record-sent.sql). The attempt log is
-- read by time for the status page's week. No parameters.
ALTER TABLE {{staging}} ADD COLUMN IF NOT EXISTS waiting_since timestamptz;
CREATE INDEX IF NOT EXISTS {{staging_table}}_waiting_idx ON {{staging}} (waiting_since) WHERE waiting_since IS NOT NULL;
CREATE INDEX IF NOT EXISTS ssd_delta_api_attempt_time_idx ON {{schema}}.ssd_delta_api_attempt (attempted_at);
