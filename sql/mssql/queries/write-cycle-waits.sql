-- write-cycle-waits.sql: why the last cycle left children unsent (@waits: a JSON array of
-- sentences, empty when it sent everything it could), for `status`. Kept on the last marking
-- cycle's row; before the first cycle has marked there is none, and nothing is kept. No result.
UPDATE {{schema}}.ssd_delta_last_cycle SET waits = @waits, waits_at = SYSUTCDATETIME();
