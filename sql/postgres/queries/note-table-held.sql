-- note-table-held.sql: a cycle held for the streams in @held (JSON array of {stream, seen}: rows
-- and changes it saw): remembers what it saw, and since when cycles hold for each (the first such
-- cycle's time is kept until a cycle marks: write-marked-rows.sql). No result.
INSERT INTO {{schema}}.ssd_delta_table_guard AS g (stream, held_seen, held_since)
SELECT h.stream, h.seen, now() FROM json_to_recordset(@held::json) AS h(stream text, seen text)
ON CONFLICT (stream) DO UPDATE SET held_seen = EXCLUDED.held_seen, held_since = coalesce(g.held_since, EXCLUDED.held_since);
