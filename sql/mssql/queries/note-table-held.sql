-- note-table-held.sql: a cycle held for the streams in @held (JSON array of {stream, seen}: rows
-- and changes it saw): remembers what it saw, and since when cycles hold for each (the first such
-- cycle's time is kept). The streams in @settled (JSON array of names) are held for no more:
-- their time is cleared, so a later hold starts its grace afresh. No result.
UPDATE g SET held_since = NULL
  FROM ssd_delta_table_guard AS g JOIN OPENJSON(@settled) WITH (stream VARCHAR(63) '$') AS s ON s.stream = g.stream
 WHERE g.held_since IS NOT NULL;
MERGE ssd_delta_table_guard WITH (HOLDLOCK) AS g
USING (SELECT stream, seen FROM OPENJSON(@held) WITH (stream VARCHAR(63), seen NVARCHAR(100))) AS h
   ON g.stream = h.stream
 WHEN MATCHED THEN UPDATE SET held_seen = h.seen, held_since = COALESCE(g.held_since, SYSUTCDATETIME())
 WHEN NOT MATCHED THEN INSERT (stream, held_seen, held_since) VALUES (h.stream, h.seen, SYSUTCDATETIME());
