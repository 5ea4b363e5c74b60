-- read-watermarks.sql: the stored watermark of each stream in @streams (JSON array of
-- {stream, tracked_table}) that has one, and the oldest version Change Tracking still holds for
-- the table that stream is read from (the SSD table in capture.mode = direct, else
-- ssd_delta_fingerprint). A watermark below min_valid (retention passed, the table truncated,
-- tracking turned off and on) cannot be read from: the stream is re-baselined.
-- Result: stream, position, min_valid (NULL: the table is not tracked).
SELECT s.stream, w.position,
       CAST(CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(s.tracked_table)) AS VARCHAR(40)) AS min_valid
  FROM OPENJSON(@streams) WITH (stream VARCHAR(63), tracked_table NVARCHAR(300)) AS s
  JOIN {{schema}}.ssd_delta_watermark AS w ON w.stream = s.stream;
