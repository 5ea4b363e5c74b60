-- delete-owners.sql: forgets the owner-map entries of the rebuilt children $1 (text[]).
DELETE FROM ssd_delta_owner WHERE person_id = ANY ($1::text[]);
