-- replace-owners.sql: makes the owner map of the rebuilt children $1 (text[]) exactly the rows
-- they were built from: $2 streams, $3 row keys, $4 person ids (parallel text[] arrays).
-- Only differences are written (most rebuilds change few rows): entries no longer fed are
-- deleted, new ones inserted. The two sets are disjoint, so the CTE's delete and the insert
-- never meet on one row.
WITH incoming AS (
  SELECT DISTINCT s AS stream, k AS row_key, p AS person_id
    FROM unnest($2::text[], $3::text[], $4::text[]) AS o(s, k, p)
), stale AS (
  DELETE FROM {{schema}}.ssd_delta_owner AS o
   WHERE o.person_id = ANY ($1::text[])
     AND NOT EXISTS (SELECT 1 FROM incoming i
                      WHERE i.stream = o.stream AND i.row_key = o.row_key AND i.person_id = o.person_id)
)
INSERT INTO {{schema}}.ssd_delta_owner (stream, row_key, person_id)
SELECT stream, row_key, person_id FROM incoming
ON CONFLICT DO NOTHING;
