-- write-reporting-day.sql: stores $1 (date) as the "today" of the last marking cycle.
INSERT INTO ssd_delta_reporting_day (single, day) VALUES (true, $1::date)
ON CONFLICT (single) DO UPDATE SET day = EXCLUDED.day;
