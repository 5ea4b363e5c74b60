-- note-table-held.sql: a cycle held for the streams in @held (JSON array of {stream, seen}: rows
-- and changes it saw): remembers what it saw, and since when cycles hold for each (the first such
-- cycle's time is kept until a cycle marks: write-marked-rows.sql). No result.
MERGE {{schema}}.ssd_delta_table_guard WITH (HOLDLOCK) AS g
USING (SELECT stream, seen FROM OPENJSON(@held) WITH (stream VARCHAR(63), seen NVARCHAR(100))) AS h
   ON g.stream = h.stream
 WHEN MATCHED THEN UPDATE SET held_seen = h.seen, held_since = COALESCE(g.held_since, SYSUTCDATETIME())
 WHEN NOT MATCHED THEN INSERT (stream, held_seen, held_since) VALUES (h.stream, h.seen, SYSUTCDATETIME());
