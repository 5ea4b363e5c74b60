-- advance-watermark.sql: stores @position (the snapshot the cycle read in, as text) as the watermark
-- of streams @streams (text[]), read at @position_at (timestamptz; NULL: not known).
INSERT INTO {{schema}}.ssd_delta_watermark (stream, position, position_at, updated_at)
SELECT s, @position, @position_at::timestamptz, now() FROM unnest(@streams::text[]) AS s
ON CONFLICT (stream) DO UPDATE SET position = EXCLUDED.position, position_at = EXCLUDED.position_at, updated_at = EXCLUDED.updated_at;
