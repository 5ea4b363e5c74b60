-- read-signature.sql: what the last fingerprint refresh of stream $1 left: the table's signature
-- then (NULL before the first refresh), how many fingerprints are live (not flagged deleted), and
-- how long ago a poll first found the table empty since (empty_for_ms, by the database's clock;
-- NULL when it has not). Result: signature, live, empty_for_ms.
SELECT s.signature,
       (SELECT count(*) FROM ssd_delta_fingerprint WHERE stream = $1 AND NOT deleted)::int AS live,
       (extract(epoch FROM now() - s.empty_since) * 1000)::float8 AS empty_for_ms
  FROM (SELECT $1::text AS stream) AS k
  LEFT JOIN ssd_delta_signature s ON s.stream = k.stream;
