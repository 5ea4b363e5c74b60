-- read-signature.sql: the signature stored at stream $1's last fingerprint refresh, and how many
-- of its fingerprints are live (not flagged deleted). Result: signature (NULL before the first
-- refresh), live.
SELECT (SELECT signature FROM ssd_delta_signature WHERE stream = $1) AS signature,
       (SELECT count(*) FROM ssd_delta_fingerprint WHERE stream = $1 AND NOT deleted)::int AS live;
