-- read-cycle-waits.sql: why the last cycle left children unsent (waits: a JSON array, or NULL
-- when none was kept) and when (ISO, UTC). No parameters.
SELECT waits, to_char(waits_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS waits_at
  FROM {{schema}}.ssd_delta_last_cycle WHERE waits IS NOT NULL;
