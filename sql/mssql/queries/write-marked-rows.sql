-- write-marked-rows.sql: a cycle marked from the streams in @marked (JSON array of {stream,
-- rows}), whose tables held that many rows: stores the counts and ends any hold. No result.
MERGE {{schema}}.ssd_delta_table_guard WITH (HOLDLOCK) AS g
USING (SELECT stream, [rows] FROM OPENJSON(@marked) WITH (stream VARCHAR(63), [rows] BIGINT)) AS m
   ON g.stream = m.stream
 WHEN MATCHED THEN UPDATE SET marked_rows = m.[rows], held_seen = NULL, held_since = NULL
 WHEN NOT MATCHED THEN INSERT (stream, marked_rows) VALUES (m.stream, m.[rows]);
