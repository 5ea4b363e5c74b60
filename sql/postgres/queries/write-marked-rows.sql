-- write-marked-rows.sql: a cycle marked from the streams in $1 (text[]), whose tables held $2
-- (bigint[], one per stream) rows: stores the counts and ends any hold. No result.
INSERT INTO {{schema}}.ssd_delta_table_guard AS g (stream, marked_rows, held_seen, held_since)
SELECT s, n, NULL, NULL FROM unnest($1::text[], $2::bigint[]) AS m(s, n)
ON CONFLICT (stream) DO UPDATE SET marked_rows = EXCLUDED.marked_rows, held_seen = NULL, held_since = NULL;
