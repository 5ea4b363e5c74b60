-- children-due.sql: children whose document changes by time alone on or before @day (date):
-- staging rows and wake-ups of children without one.
SELECT person_id FROM {{staging}} WHERE valid_until <= @day::date
UNION
SELECT person_id FROM {{schema}}.ssd_delta_wakeup WHERE due_on <= @day::date;
