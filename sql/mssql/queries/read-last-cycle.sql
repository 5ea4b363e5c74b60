-- read-last-cycle.sql: the "today" (YYYY-MM-DD) and build key of the last marking cycle (no row
-- before the first). No parameters. Result: day, build_key.
SELECT CONVERT(CHAR(10), day, 23) AS day, build_key FROM {{schema}}.ssd_delta_last_cycle;
