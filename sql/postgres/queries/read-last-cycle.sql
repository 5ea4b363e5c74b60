-- read-last-cycle.sql: the "today" and build key of the last marking cycle (no row before the first). No parameters.
-- to_char, not ::text: the text of a date depends on the server's DateStyle.
SELECT to_char(day, 'YYYY-MM-DD') AS day, build_key FROM {{schema}}.ssd_delta_last_cycle;
