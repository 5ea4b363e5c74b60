-- read-cycle-waits.sql: why the last cycle left children unsent (waits: a JSON array, or NULL
-- when none was kept) and when (ISO, UTC). No parameters.
SELECT waits, CONVERT(VARCHAR(19), waits_at, 126) + 'Z' AS waits_at
  FROM {{schema}}.ssd_delta_last_cycle WHERE waits IS NOT NULL;
