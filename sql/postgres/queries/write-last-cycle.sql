-- write-last-cycle.sql: stores @day (date) and @build_key (build key) as the last marking cycle's.
INSERT INTO {{schema}}.ssd_delta_last_cycle (single, day, build_key) VALUES (true, @day::date, @build_key)
ON CONFLICT (single) DO UPDATE SET day = EXCLUDED.day, build_key = EXCLUDED.build_key;
