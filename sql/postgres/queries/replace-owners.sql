-- replace-owners.sql: records which rows the rebuilt children were built from: $1 streams,
-- $2 row keys, $3 person ids (parallel text[] arrays). Run after delete-owners.sql, in the
-- same transaction (two statements: a data-modifying CTE would not see its own delete).
INSERT INTO ssd_delta_owner (stream, row_key, person_id)
SELECT DISTINCT s, k, p FROM unnest($1::text[], $2::text[], $3::text[]) AS o(s, k, p)
ON CONFLICT DO NOTHING;
