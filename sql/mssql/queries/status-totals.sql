-- status-totals.sql: staging rows by submission_status alone, read from the status index (what
-- `serve`'s metrics need after each cycle, without reading the documents). No parameters.
-- Result: submission_status, count.
SELECT submission_status, COUNT(*) AS count FROM {{staging}} GROUP BY submission_status;
