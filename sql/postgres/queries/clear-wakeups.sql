-- clear-wakeups.sql: forgets the wake-up days of children $1 (text[]) before new ones are set.
DELETE FROM {{schema}}.ssd_delta_wakeup WHERE person_id = ANY ($1::text[]);
