-- read-watermarks.sql: the stored watermark of each stream in @streams (JSON array of
-- {stream, tracked_table}) that has one, and the oldest version Change Tracking still holds for
-- the table that stream is read from (the SSD table in capture.mode = direct, else
-- ssd_delta_fingerprint). A watermark below min_valid (retention passed, the table truncated,
-- tracking turned off and on) cannot be read from: the stream is re-baselined.
-- changed_after: when the position was read (stored before 0011, or left behind by an older
-- ssd-delta that moved the position without it: when it was stored): a change above it committed
-- after then, where commit-to-receipt counts from.
-- Result: stream, position, min_valid (NULL: the table is not tracked), changed_after (UTC).
SELECT s.stream, w.position,
       CASE WHEN w.position_at <= w.updated_at AND w.position_at > DATEADD(HOUR, -1, w.updated_at) THEN w.position_at ELSE w.updated_at END AS changed_after,
       CAST(CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(s.tracked_table)) AS VARCHAR(40)) AS min_valid
  FROM OPENJSON(@streams) WITH (stream VARCHAR(63), tracked_table NVARCHAR(300)) AS s
  JOIN {{schema}}.ssd_delta_watermark AS w ON w.stream = s.stream;
