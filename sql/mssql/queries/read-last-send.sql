-- read-last-send.sql: the last sending run (no row before the first). No parameters.
-- Result: finished_at (ISO, UTC), sent, errors, released, stopped.
SELECT CONVERT(VARCHAR(19), finished_at, 126) + 'Z' AS finished_at, sent, errors, released, stopped
  FROM {{schema}}.ssd_delta_last_send;
