-- write-signature.sql: stores $2 as the signature of stream $1 at this refresh (the table is
-- refreshed: no longer waited for as empty). No result.
INSERT INTO ssd_delta_signature (stream, signature, refreshed_at, empty_since) VALUES ($1, $2, now(), NULL)
ON CONFLICT (stream) DO UPDATE SET signature = EXCLUDED.signature, refreshed_at = EXCLUDED.refreshed_at, empty_since = NULL;
