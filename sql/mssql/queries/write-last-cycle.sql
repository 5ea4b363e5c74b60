-- write-last-cycle.sql: stores @day (DATE) and @build_key as the last marking cycle's. No result.
MERGE {{schema}}.ssd_delta_last_cycle WITH (HOLDLOCK) AS c
USING (SELECT CAST(1 AS BIT) AS single) AS k ON c.single = k.single
 WHEN MATCHED THEN UPDATE SET day = @day, build_key = @build_key
 WHEN NOT MATCHED THEN INSERT (single, day, build_key) VALUES (1, @day, @build_key);
