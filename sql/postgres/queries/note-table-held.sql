-- note-table-held.sql: a cycle held for the streams in $1 (text[]), having seen $2 (text[], one
-- per stream: rows and changes): remembers what it saw, and since when cycles hold for each (the
-- first such cycle's time is kept until a cycle marks: write-marked-rows.sql). No result.
INSERT INTO {{schema}}.ssd_delta_table_guard AS g (stream, held_seen, held_since)
SELECT s, seen, now() FROM unnest($1::text[], $2::text[]) AS h(s, seen)
ON CONFLICT (stream) DO UPDATE SET held_seen = EXCLUDED.held_seen, held_since = coalesce(g.held_since, EXCLUDED.held_since);
