-- read-changes.sql (capture.mode = fingerprint): distinct changed fingerprint rows of the
-- streams in @streams (JSON array of names), each after its own stream's watermark and up to
-- @to_version (the CHANGE_TRACKING_CURRENT_VERSION() read first in the same SNAPSHOT
-- transaction). CHANGETABLE starts at @from_version, the oldest of those watermarks (it takes a
-- variable, not an expression). A fingerprint row is never deleted before retention ends, so a
-- change still finds its row; when it does not, the key alone is reported. Result, oldest first:
-- stream, kind ('row'), row_key, n (1), age_ms (since the refresh that wrote it).
SELECT ct.stream, 'row' AS kind, ct.row_key, 1 AS n,
       CAST(DATEDIFF_BIG(MILLISECOND, COALESCE(f.refreshed_at, SYSUTCDATETIME()), SYSUTCDATETIME()) AS FLOAT) AS age_ms
  FROM CHANGETABLE(CHANGES {{schema}}.ssd_delta_fingerprint, @from_version) AS ct
  JOIN {{schema}}.ssd_delta_watermark AS w ON w.stream = ct.stream
  JOIN OPENJSON(@streams) WITH (stream VARCHAR(63) '$') AS s ON s.stream = ct.stream
  LEFT JOIN {{schema}}.ssd_delta_fingerprint AS f ON f.stream = ct.stream AND f.row_key = ct.row_key
 WHERE ct.SYS_CHANGE_VERSION > CAST(w.position AS BIGINT)
   AND ct.SYS_CHANGE_VERSION <= @to_version
 ORDER BY ct.SYS_CHANGE_VERSION;
