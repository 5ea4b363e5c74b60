-- read-signature.sql: what the polls and refreshes of stream @stream left: the table's signature
-- at the last refresh (NULL before the first), the one the last poll saw, how many fingerprints
-- are live (not flagged deleted), and how long ago a poll first found the table empty
-- (empty_for_ms, by the database's clock; NULL when it has not).
-- Result: signature, seen_signature, live, empty_for_ms.
SELECT s.signature, s.seen_signature,
       (SELECT COUNT(*) FROM ssd_delta_fingerprint WHERE stream = @stream AND deleted = 0) AS live,
       CAST(DATEDIFF_BIG(MILLISECOND, s.empty_since, SYSUTCDATETIME()) AS FLOAT) AS empty_for_ms
  FROM (SELECT @stream AS stream) AS k
  LEFT JOIN ssd_delta_signature AS s ON s.stream = k.stream;
