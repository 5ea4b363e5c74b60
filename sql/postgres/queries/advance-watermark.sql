-- advance-watermark.sql: stores $2 (the snapshot the cycle read in, as text) as the watermark
-- of streams $1 (text[]), read at $3 (timestamptz; NULL: not known).
INSERT INTO {{schema}}.ssd_delta_watermark (stream, position, position_at, updated_at)
SELECT s, $2, $3::timestamptz, now() FROM unnest($1::text[]) AS s
ON CONFLICT (stream) DO UPDATE SET position = EXCLUDED.position, position_at = EXCLUDED.position_at, updated_at = EXCLUDED.updated_at;
