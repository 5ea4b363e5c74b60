-- read-last-cycle.sql: the "today" and build key of the last marking cycle (no row before the first).
SELECT day::text AS day, build_key FROM ssd_delta_last_cycle;
