-- clear-wakeups.sql: forgets the wake-up days of children @person_ids (text[]) before new ones are set.
DELETE FROM {{schema}}.ssd_delta_wakeup WHERE person_id = ANY (@person_ids::text[]);
