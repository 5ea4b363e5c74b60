-- write-signature.sql: stores @signature as the signature of stream @stream at this refresh (the
-- table is refreshed: no longer waited for as empty). No result.
MERGE ssd_delta_signature WITH (HOLDLOCK) AS s
USING (SELECT @stream AS stream) AS k ON s.stream = k.stream
 WHEN MATCHED THEN UPDATE SET signature = @signature, refreshed_at = SYSUTCDATETIME(), empty_since = NULL
 WHEN NOT MATCHED THEN INSERT (stream, signature, refreshed_at) VALUES (@stream, @signature, SYSUTCDATETIME());
