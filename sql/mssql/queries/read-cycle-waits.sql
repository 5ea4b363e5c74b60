-- read-cycle-waits.sql: why the last cycle left children unsent (waits: a JSON array, or NULL
-- when none was kept), when (ISO, UTC), and the run that took the run lock last (run_by); no row
-- before a cycle has marked. No parameters.
SELECT waits, CONVERT(VARCHAR(19), waits_at, 126) + 'Z' AS waits_at, run_by
  FROM {{schema}}.ssd_delta_last_cycle;
