-- watermark-age.sql: seconds since the stalest stream's watermark was last written (a cycle
-- that marked): how much Change Tracking history ssd-delta still needs (updated_at is UTC).
-- No parameters. Result: seconds (null before the first cycle).
SELECT CAST(DATEDIFF_BIG(MILLISECOND, MIN(updated_at), SYSUTCDATETIME()) AS FLOAT) / 1000 AS seconds FROM {{schema}}.ssd_delta_watermark;
