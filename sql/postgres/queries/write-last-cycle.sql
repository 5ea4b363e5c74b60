-- write-last-cycle.sql: stores $1 (date) and $2 (build key) as the last marking cycle's.
INSERT INTO {{schema}}.ssd_delta_last_cycle (single, day, build_key) VALUES (true, $1::date, $2)
ON CONFLICT (single) DO UPDATE SET day = EXCLUDED.day, build_key = EXCLUDED.build_key;
