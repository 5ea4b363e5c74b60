-- watermark-age.sql: seconds since the stalest watermark of the streams in @streams (JSON array
-- of names, the configured ones: a stream dropped from the config keeps its old row) was last
-- written (a cycle that marked): how much Change Tracking history ssd-delta still needs
-- (updated_at is UTC). Result: seconds (null before the first cycle).
SELECT CAST(DATEDIFF_BIG(MILLISECOND, MIN(w.updated_at), SYSUTCDATETIME()) AS FLOAT) / 1000 AS seconds
  FROM {{schema}}.ssd_delta_watermark AS w
 WHERE w.stream IN (SELECT value FROM OPENJSON(@streams));
