-- advance-watermark.sql: stores @position (a Change Tracking version, as text) as the watermark
-- of the streams in @streams (JSON array of names). No result.
MERGE {{schema}}.ssd_delta_watermark WITH (HOLDLOCK) AS w
USING (SELECT stream FROM OPENJSON(@streams) WITH (stream VARCHAR(63) '$')) AS s
   ON w.stream = s.stream
 WHEN MATCHED THEN UPDATE SET position = @position, updated_at = SYSUTCDATETIME()
 WHEN NOT MATCHED THEN INSERT (stream, position, updated_at) VALUES (s.stream, @position, SYSUTCDATETIME());
