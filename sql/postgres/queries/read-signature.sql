-- read-signature.sql: what the polls and refreshes of stream $1 left: the table's signature at
-- the last refresh (NULL before the first), the one the last poll saw, how many fingerprints are
-- live (not flagged deleted), and how long ago a poll first found the table empty (empty_for_ms,
-- by the database's clock; NULL when it has not). Result: signature, seen_signature, live, empty_for_ms.
SELECT s.signature, s.seen_signature,
       (SELECT count(*) FROM ssd_delta_fingerprint WHERE stream = $1 AND NOT deleted)::int AS live,
       (extract(epoch FROM now() - s.empty_since) * 1000)::float8 AS empty_for_ms
  FROM (SELECT $1::text AS stream) AS k
  LEFT JOIN ssd_delta_signature s ON s.stream = k.stream;
