-- clear-wakeups.sql: forgets the wake-up days of the children in @person_ids (JSON array)
-- before new ones are set. No result.
DELETE w FROM {{schema}}.ssd_delta_wakeup AS w
  JOIN OPENJSON(@person_ids) WITH (person_id NVARCHAR(48) '$') AS p ON p.person_id = w.person_id;
