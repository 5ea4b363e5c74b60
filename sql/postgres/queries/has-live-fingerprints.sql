-- has-live-fingerprints.sql: whether stream @stream has a fingerprint not flagged deleted (its table
-- had rows at the last refresh). Read only for a table found empty. Result: live (boolean).
SELECT EXISTS (SELECT 1 FROM {{schema}}.ssd_delta_fingerprint WHERE stream = @stream AND NOT deleted) AS live;
