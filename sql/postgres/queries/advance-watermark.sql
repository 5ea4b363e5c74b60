-- advance-watermark.sql: stores $2 (the snapshot the cycle read in, as text) as the watermark
-- of streams $1 (text[]).
INSERT INTO {{schema}}.ssd_delta_watermark (stream, position, updated_at)
SELECT s, $2, now() FROM unnest($1::text[]) AS s
ON CONFLICT (stream) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at;
