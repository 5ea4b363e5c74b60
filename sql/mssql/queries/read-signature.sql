-- read-signature.sql: the signature stored at stream @stream's last fingerprint refresh, and how
-- many of its fingerprints are live (not flagged deleted). Result: signature (NULL before the
-- first refresh), live.
SELECT (SELECT signature FROM ssd_delta_signature WHERE stream = @stream) AS signature,
       (SELECT COUNT(*) FROM ssd_delta_fingerprint WHERE stream = @stream AND deleted = 0) AS live;
