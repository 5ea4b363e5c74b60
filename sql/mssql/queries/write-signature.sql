-- write-signature.sql: stores @signature as the signature of stream @stream at this refresh (and
-- as the one seen; the table is no longer waited for as empty). No result.
MERGE {{schema}}.ssd_delta_signature WITH (HOLDLOCK) AS s
USING (SELECT @stream AS stream) AS k ON s.stream = k.stream
 WHEN MATCHED THEN UPDATE SET signature = @signature, refreshed_at = SYSUTCDATETIME(), seen_signature = @signature, empty_since = NULL
 WHEN NOT MATCHED THEN INSERT (stream, signature, refreshed_at, seen_signature) VALUES (@stream, @signature, SYSUTCDATETIME(), @signature);
