-- read-table-guard.sql: what earlier cycles left for the streams in @streams (text[]): rows at the last
-- cycle that marked, what the last cycle that held for the stream saw, and how long cycles have
-- held for it (held_for_ms, by the database's clock; NULL when none does). Streams with nothing
-- stored are left out. Result: stream, marked_rows, held_seen, held_for_ms.
SELECT stream, marked_rows, held_seen, (extract(epoch FROM now() - held_since) * 1000)::float8 AS held_for_ms
  FROM {{schema}}.ssd_delta_table_guard WHERE stream = ANY (@streams::text[]);
