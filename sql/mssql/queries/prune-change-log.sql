-- prune-change-log.sql: SQL Server's change log is Change Tracking's own, cleaned by its
-- AUTO_CLEANUP after capture.retentionDays. What ssd-delta prunes here is the fingerprints of
-- rows gone for longer than that (@retention_days): every cycle has read their deletion, or
-- will re-baseline anyway. No result.
DELETE FROM {{schema}}.ssd_delta_fingerprint
 WHERE deleted = 1 AND refreshed_at < DATEADD(DAY, -@retention_days, SYSUTCDATETIME());
