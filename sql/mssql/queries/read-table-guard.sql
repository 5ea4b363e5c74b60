-- read-table-guard.sql: what earlier cycles left for the streams in @streams (JSON array of
-- names): rows at the last cycle that marked, what the last cycle that held for the stream saw,
-- and how long cycles have held for it (held_for_ms, by the database's clock) and since when
-- (held_since, ISO UTC; both NULL when none does). Streams with nothing stored are left out.
-- Result: stream, marked_rows (as text), held_seen, held_for_ms, held_since.
SELECT g.stream, CAST(g.marked_rows AS VARCHAR(20)) AS marked_rows, g.held_seen,
       CAST(DATEDIFF_BIG(MILLISECOND, g.held_since, SYSUTCDATETIME()) AS FLOAT) AS held_for_ms,
       CONVERT(VARCHAR(19), g.held_since, 126) + 'Z' AS held_since
  FROM {{schema}}.ssd_delta_table_guard AS g
  JOIN OPENJSON(@streams) WITH (stream VARCHAR(63) '$') AS k ON k.stream = g.stream;
