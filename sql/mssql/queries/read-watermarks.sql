-- read-watermarks.sql: the stored watermark of each stream in @streams (JSON array of
-- {stream, tracked_table}) that has one, and the oldest version Change Tracking still holds for
-- the table that stream is read from (the SSD table in capture.mode = direct, else
-- ssd_delta_fingerprint). A watermark below min_valid (retention passed, the table truncated,
-- tracking turned off and on) cannot be read from: the stream is re-baselined.
-- since_ms: how long ago the last cycle stored the position (a change it did not see committed
-- after about then: commit-to-receipt counts from there).
-- Result: stream, position, min_valid (NULL: the table is not tracked), since_ms.
SELECT s.stream, w.position, CAST(DATEDIFF_BIG(MILLISECOND, w.updated_at, SYSUTCDATETIME()) AS FLOAT) AS since_ms,
       CAST(CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(s.tracked_table)) AS VARCHAR(40)) AS min_valid
  FROM OPENJSON(@streams) WITH (stream VARCHAR(63), tracked_table NVARCHAR(300)) AS s
  JOIN {{schema}}.ssd_delta_watermark AS w ON w.stream = s.stream;
