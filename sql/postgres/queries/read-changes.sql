-- read-changes.sql: distinct changed rows per stream between each stream's watermark and the
-- snapshot xmin read just before ($1, xid8 as text). Every transaction below xmin has ended,
-- so a transaction that started first and commits late is read in the cycle after it commits,
-- exactly once. $2: stream names. Result, oldest first: stream; kind ('row', 'truncate', or
-- 'nokey' for rows written with a NULL key, which cannot be addressed and are only reported);
-- row_key (NULL unless kind = 'row'); n (raw records); age_ms (since the first of them was logged,
-- by the database's clock, which also wrote logged_at).
SELECT c.stream, c.kind, c.row_key, count(*)::int AS n, (extract(epoch FROM clock_timestamp() - min(c.logged_at)) * 1000)::float8 AS age_ms, min(c.id)::bigint AS first_id
  FROM (SELECT l.id, l.stream, l.logged_at,
               CASE WHEN l.op = 'T' THEN 'truncate' WHEN l.row_key IS NULL THEN 'nokey' ELSE 'row' END AS kind,
               CASE WHEN l.op = 'T' THEN NULL ELSE l.row_key END AS row_key
          FROM ssd_delta_change_log l
          JOIN ssd_delta_watermark w ON w.stream = l.stream
         WHERE l.xid >= w.position::xid8
           AND l.xid < $1::xid8
           AND l.stream = ANY ($2::text[])) AS c
 GROUP BY c.stream, c.kind, c.row_key
 ORDER BY first_id;
