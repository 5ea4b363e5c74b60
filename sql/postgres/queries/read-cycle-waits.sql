-- read-cycle-waits.sql: why the last cycle left children unsent (waits: a JSON array, or NULL
-- when none was kept), when (ISO, UTC), and the run that took the run lock last (run_by); no row
-- before a cycle has marked. No parameters.
SELECT waits, to_char(waits_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS waits_at, run_by
  FROM {{schema}}.ssd_delta_last_cycle;
