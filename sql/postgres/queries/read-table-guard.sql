-- read-table-guard.sql: what earlier cycles left for the streams in @streams (text[]): rows at the last
-- cycle that marked, what the last cycle that held for the stream saw, and how long cycles have
-- held for it (held_for_ms, by the database's clock) and since when (held_since, ISO UTC; both NULL
-- when none does). Streams with nothing stored are left out.
-- Result: stream, marked_rows, held_seen, held_for_ms, held_since.
SELECT stream, marked_rows, held_seen, (extract(epoch FROM now() - held_since) * 1000)::float8 AS held_for_ms,
       to_char(held_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS held_since
  FROM {{schema}}.ssd_delta_table_guard WHERE stream = ANY (@streams::text[]);
