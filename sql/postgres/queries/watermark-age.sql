-- watermark-age.sql: seconds since the stalest watermark of the streams in @streams (text[], the
-- configured ones: a stream dropped from the config keeps its old row) was last written (a cycle
-- that marked), by the database's clock; what a change log or Change Tracking must still hold.
-- Result: seconds (null before the first cycle).
SELECT extract(epoch FROM now() - min(updated_at))::float8 AS seconds
  FROM {{schema}}.ssd_delta_watermark WHERE stream = ANY (@streams::text[]);
