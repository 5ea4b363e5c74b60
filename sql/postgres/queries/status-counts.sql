-- status-counts.sql: staging rows by row_state x submission_status. No parameters.
SELECT row_state, submission_status, count(*)::int AS count
  FROM {{staging}} GROUP BY row_state, submission_status ORDER BY row_state, submission_status;
