-- write-marked-rows.sql: a cycle marked from the streams in @marked (JSON array of {stream,
-- rows}), whose tables held that many rows: stores the counts and ends any hold. No result.
INSERT INTO {{schema}}.ssd_delta_table_guard AS g (stream, marked_rows, held_seen, held_since)
SELECT m.stream, m.rows, NULL, NULL FROM json_to_recordset(@marked::json) AS m(stream text, rows bigint)
ON CONFLICT (stream) DO UPDATE SET marked_rows = EXCLUDED.marked_rows, held_seen = NULL, held_since = NULL;
