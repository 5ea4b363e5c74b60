-- read-signature.sql: what the polls and refreshes of the streams in @streams (JSON array) left,
-- in one read: the table's signature at the last refresh (NULL before the first), the one the
-- last poll saw, and how long ago a poll first found the table empty (empty_for_ms, by the
-- database's clock; NULL when it has not). Streams never polled are left out.
-- Result: stream, signature, seen_signature, empty_for_ms.
SELECT s.stream, s.signature, s.seen_signature,
       CAST(DATEDIFF_BIG(MILLISECOND, s.empty_since, SYSUTCDATETIME()) AS FLOAT) AS empty_for_ms
  FROM {{schema}}.ssd_delta_signature AS s
  JOIN OPENJSON(@streams) WITH (stream VARCHAR(63) '$') AS k ON k.stream = s.stream;
