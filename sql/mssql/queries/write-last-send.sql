-- write-last-send.sql: the last sending run: @sent, @errors, @released, @stopped (text or NULL).
-- No result.
MERGE {{schema}}.ssd_delta_last_send WITH (HOLDLOCK) AS l
USING (SELECT CAST(1 AS BIT) AS single) AS k ON l.single = k.single
 WHEN MATCHED THEN UPDATE SET finished_at = SYSUTCDATETIME(), sent = @sent, errors = @errors, released = @released, stopped = @stopped
 WHEN NOT MATCHED THEN INSERT (single, finished_at, sent, errors, released, stopped)
      VALUES (1, SYSUTCDATETIME(), @sent, @errors, @released, @stopped);
