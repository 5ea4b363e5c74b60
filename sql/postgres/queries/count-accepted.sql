-- count-accepted.sql: children the API holds now: accepted at least once, not deleted since. No parameters.
SELECT count(*)::int AS n FROM {{staging}} WHERE previous_hash IS NOT NULL AND row_state <> 'deleted';
