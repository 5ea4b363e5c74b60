-- read-reporting-day.sql: the "today" of the last marking cycle (no row before the first).
SELECT day::text AS day FROM ssd_delta_reporting_day;
