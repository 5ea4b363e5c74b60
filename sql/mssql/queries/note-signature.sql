-- note-signature.sql: a poll saw signature @signature for stream @stream, different from the last
-- one seen (its table is being written): remembers it, so the next poll can tell whether it
-- settled. No result.
MERGE {{schema}}.ssd_delta_signature WITH (HOLDLOCK) AS s
USING (SELECT @stream AS stream) AS k ON s.stream = k.stream
 WHEN MATCHED THEN UPDATE SET seen_signature = @signature
 WHEN NOT MATCHED THEN INSERT (stream, seen_signature) VALUES (@stream, @signature);
