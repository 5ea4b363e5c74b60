-- advance-watermark.sql: stores @position (a Change Tracking version, as text) as the watermark
-- of the streams in @streams (JSON array of names), read at @position_at (UTC; NULL: not known).
-- No result.
MERGE {{schema}}.ssd_delta_watermark WITH (HOLDLOCK) AS w
USING (SELECT stream FROM OPENJSON(@streams) WITH (stream VARCHAR(63) '$')) AS s
   ON w.stream = s.stream
 WHEN MATCHED THEN UPDATE SET position = @position, position_at = @position_at, updated_at = SYSUTCDATETIME()
 WHEN NOT MATCHED THEN INSERT (stream, position, position_at, updated_at) VALUES (s.stream, @position, @position_at, SYSUTCDATETIME());
