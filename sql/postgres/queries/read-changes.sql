-- read-changes.sql: distinct changed rows per stream between each stream's watermark and the
-- snapshot xmin read just before ($1, xid8 as text). Every transaction below xmin has ended,
-- so a transaction that started first and commits late is read in the cycle after it commits,
-- exactly once. $2: stream names. Result: stream, row_key (NULL only for a TRUNCATE),
-- n (raw records), first_id; oldest first. A row written with a NULL key cannot be addressed
-- and is left out (it is not a truncate).
SELECT l.stream, CASE WHEN l.op = 'T' THEN NULL ELSE l.row_key END AS row_key,
       count(*)::int AS n, min(l.id)::bigint AS first_id
  FROM ssd_delta_change_log l
  JOIN ssd_delta_watermark w ON w.stream = l.stream
 WHERE l.xid >= w.position::xid8
   AND l.xid < $1::xid8
   AND l.stream = ANY ($2::text[])
   AND (l.op = 'T' OR l.row_key IS NOT NULL)
 GROUP BY l.stream, CASE WHEN l.op = 'T' THEN NULL ELSE l.row_key END
 ORDER BY first_id;
