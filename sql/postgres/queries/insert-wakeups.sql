-- insert-wakeups.sql: wake-up days of children without a staging row. @rows: JSON array of
-- {person_id, due_on (YYYY-MM-DD)}. A child whose row is still there (another process claimed it
-- before it could be removed) keeps its day on that row instead: one place only.
INSERT INTO {{schema}}.ssd_delta_wakeup (person_id, due_on)
SELECT w.person_id, w.due_on FROM json_to_recordset(@rows::json) AS w(person_id text, due_on date)
 WHERE NOT EXISTS (SELECT 1 FROM {{staging}} s WHERE s.person_id = w.person_id)
ON CONFLICT (person_id) DO UPDATE SET due_on = EXCLUDED.due_on;
