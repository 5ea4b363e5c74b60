-- note-signature.sql: a poll saw signature @signature for stream @stream, different from the last one seen
-- (its table is being written): remembers it, so the next poll can tell whether it settled. No result.
INSERT INTO {{schema}}.ssd_delta_signature (stream, seen_signature) VALUES (@stream, @signature)
ON CONFLICT (stream) DO UPDATE SET seen_signature = EXCLUDED.seen_signature;
