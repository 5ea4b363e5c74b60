-- replace-owners.sql: makes the owner map of the rebuilt children @children (text[]) exactly the rows
-- they were built from: @owners, a JSON array of {stream, row_key, person_id} (json, not jsonb:
-- 24,000 entries, a chunk of 1,000 children, parse faster than as three text[] arrays). The
-- planner takes json_to_recordset for 100 rows, so the EXCEPT below is always hashed: right for
-- the default chunk (unnest's exact count chose the same plan), but a hash table that grows past
-- work_mem for chunks of tens of thousands of children (capture.chunkSize; measured at 1.2 million
-- entries: 3.0 s hashed against 1.9 s sorted).
-- Only differences are written (most rebuilds change few rows): entries no longer fed are
-- deleted, new ones inserted. The two sets are disjoint, so the CTE's delete and the insert
-- never meet on one row. Both differences are hashed set operations over whole entries: an
-- anti-join by person (what NOT EXISTS planned as) compared every entry of a child with every
-- other of the same child, and an insert of entries already held paid a conflict check each.
-- `held` is this statement's snapshot: an entry another transaction wrote or deleted since would
-- be missed, which the run lock rules out (one marking process at a time, the only writer of the
-- owner map). So the insert needs no ON CONFLICT: every entry of these children is in `held`,
-- and the caller's entries are all theirs (@children holds every child in @owners). Without it, inserting a
-- 100,000-child LA's 2.4 million entries costs about a third less. Should another process add an
-- entry of these children meanwhile (this one's run lock lost under it: a killed session), the
-- insert fails on the primary key and the write's transaction rolls back whole, and the next
-- cycle marks them again (staging-store.ts says so).
WITH incoming AS MATERIALIZED (
  SELECT o.stream, o.row_key, o.person_id
    FROM json_to_recordset(@owners::json) AS o(stream text, row_key text, person_id text)
), held AS MATERIALIZED (
  SELECT o.stream::text AS stream, o.row_key, o.person_id::text AS person_id
    FROM {{schema}}.ssd_delta_owner AS o
   WHERE o.person_id = ANY (@children::text[])
), stale AS (
  DELETE FROM {{schema}}.ssd_delta_owner AS o
   USING (SELECT stream, row_key, person_id FROM held
          EXCEPT
          SELECT stream, row_key, person_id FROM incoming) AS g
   -- by person first: the planner cannot size the CTEs, and without it read the whole table
   WHERE o.person_id = ANY (@children::text[])
     AND o.stream = g.stream AND o.row_key = g.row_key AND o.person_id = g.person_id
)
INSERT INTO {{schema}}.ssd_delta_owner (stream, row_key, person_id)
SELECT stream, row_key, person_id FROM incoming
EXCEPT
SELECT stream, row_key, person_id FROM held;
