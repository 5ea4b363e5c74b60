-- 0010_waiting_since.sql: how long a child has waited to be sent, for `serve`'s pending-age alert
-- and metric. last_updated cannot say: every claim and every answer the API did not take rewrites
-- it, so during an outage it never grows old. waiting_since is stamped once when a cycle finds
-- the child waiting (pending or sending), kept through claims, releases and retries, and
-- cleared when the API accepts it (see stamp-waiting.sql, record-sent.sql). The attempt log is
-- read by time for the status page's week. No parameters.
IF COL_LENGTH(N'{{staging}}', N'waiting_since') IS NULL
  ALTER TABLE {{staging}} ADD waiting_since DATETIME2(3) NULL;   -- UTC
GO
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{{staging_table}}_waiting_idx' AND object_id = OBJECT_ID(N'{{staging}}'))
  CREATE INDEX {{staging_table}}_waiting_idx ON {{staging}} (waiting_since) INCLUDE (submission_status) WHERE waiting_since IS NOT NULL;
-- The claimable rows' index (0005) carries waiting_since too: the pending-age read and the stamp
-- stay within it instead of looking up each waiting row's documents.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'{{staging_table}}_claimable_idx' AND object_id = OBJECT_ID(N'{{staging}}'))
  CREATE INDEX {{staging_table}}_claimable_idx ON {{staging}} (id)
    INCLUDE (submission_status, last_updated, lease_expires_at, attempt_count, row_state, waiting_since)
    WHERE submission_status IN ('pending', 'sending', 'error');
ELSE IF NOT EXISTS (SELECT 1 FROM sys.index_columns AS c JOIN sys.indexes AS i ON i.object_id = c.object_id AND i.index_id = c.index_id
                     WHERE i.name = N'{{staging_table}}_claimable_idx' AND i.object_id = OBJECT_ID(N'{{staging}}')
                       AND COL_NAME(c.object_id, c.column_id) = N'waiting_since')
  CREATE INDEX {{staging_table}}_claimable_idx ON {{staging}} (id)
    INCLUDE (submission_status, last_updated, lease_expires_at, attempt_count, row_state, waiting_since)
    WHERE submission_status IN ('pending', 'sending', 'error')
    WITH (DROP_EXISTING = ON);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_delta_api_attempt_time_idx' AND object_id = OBJECT_ID(N'{{schema}}.ssd_delta_api_attempt'))
  CREATE INDEX ssd_delta_api_attempt_time_idx ON {{schema}}.ssd_delta_api_attempt (attempted_at) INCLUDE (outcome, child_count);
