-- insert-wakeups.sql: wake-up days of children without a staging row: $1 person ids (text[]),
-- $2 days (text[] of YYYY-MM-DD), parallel. A child whose row is still there (another process
-- claimed it before it could be removed) keeps its day on that row instead: one place only.
INSERT INTO {{schema}}.ssd_delta_wakeup (person_id, due_on)
SELECT p, d::date FROM unnest($1::text[], $2::text[]) AS w(p, d)
 WHERE NOT EXISTS (SELECT 1 FROM {{staging}} s WHERE s.person_id = w.p)
ON CONFLICT (person_id) DO UPDATE SET due_on = EXCLUDED.due_on;
