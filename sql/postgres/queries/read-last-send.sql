-- read-last-send.sql: the last sending run (no row before the first). No parameters.
SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS finished_at, sent, errors, released, stopped
  FROM {{schema}}.ssd_delta_last_send;
