-- insert-wakeups.sql: wake-up days of children without a staging row. @rows: JSON array of
-- {person_id, due_on (YYYY-MM-DD)}. A child whose row is still there (another process claimed it
-- before it could be removed) keeps its day on that row instead: one place only. No result.
MERGE {{schema}}.ssd_delta_wakeup WITH (HOLDLOCK) AS w
USING (SELECT d.person_id, d.due_on
         FROM OPENJSON(@rows) WITH (person_id NVARCHAR(48), due_on DATE) AS d
        WHERE NOT EXISTS (SELECT 1 FROM {{staging}} AS s WHERE s.person_id = d.person_id)) AS d
   ON w.person_id = d.person_id
 WHEN MATCHED THEN UPDATE SET due_on = d.due_on
 WHEN NOT MATCHED THEN INSERT (person_id, due_on) VALUES (d.person_id, d.due_on);
