-- write-signature.sql: stores $2 as the signature of stream $1 at this refresh. No result.
INSERT INTO ssd_delta_signature (stream, signature, refreshed_at) VALUES ($1, $2, now())
ON CONFLICT (stream) DO UPDATE SET signature = EXCLUDED.signature, refreshed_at = EXCLUDED.refreshed_at;
