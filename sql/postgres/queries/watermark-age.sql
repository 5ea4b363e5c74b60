-- watermark-age.sql: seconds since the stalest stream's watermark was last written (a cycle
-- that marked), by the database's clock; what a change log or Change Tracking must still hold.
-- No parameters. Result: seconds (null before the first cycle).
SELECT extract(epoch FROM now() - min(updated_at))::float8 AS seconds FROM {{schema}}.ssd_delta_watermark;
