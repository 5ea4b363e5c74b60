-- has-live-fingerprints.sql: whether stream @stream has a fingerprint not flagged deleted (its
-- table had rows at the last refresh). Read only for a table found empty. Result: live (bit).
SELECT CAST(CASE WHEN EXISTS (SELECT 1 FROM {{schema}}.ssd_delta_fingerprint WHERE stream = @stream AND deleted = 0) THEN 1 ELSE 0 END AS BIT) AS live;
