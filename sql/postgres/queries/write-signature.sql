-- write-signature.sql: stores @signature as the signature of stream @stream at this refresh (and as the one
-- seen; the table is no longer waited for as empty). No result.
INSERT INTO {{schema}}.ssd_delta_signature (stream, signature, refreshed_at, seen_signature, empty_since) VALUES (@stream, @signature, now(), @signature, NULL)
ON CONFLICT (stream) DO UPDATE
   SET signature = EXCLUDED.signature, refreshed_at = EXCLUDED.refreshed_at, seen_signature = EXCLUDED.seen_signature, empty_since = NULL;
