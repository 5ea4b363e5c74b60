-- read-changes.sql: distinct changed rows per stream between each stream's watermark and the
-- snapshot xmin read just before ($1, xid8 as text). Every transaction below xmin has ended,
-- so a transaction that started first and commits late is read in the cycle after it commits,
-- exactly once. $2: stream names. Result: stream, row_key (NULL = truncate), n (raw records), first_id.
SELECT l.stream, l.row_key, count(*)::int AS n, min(l.id)::bigint AS first_id
  FROM ssd_delta_change_log l
  JOIN ssd_delta_watermark w ON w.stream = l.stream
 WHERE l.xid >= w.position::xid8
   AND l.xid < $1::xid8
   AND l.stream = ANY ($2::text[])
 GROUP BY l.stream, l.row_key
 ORDER BY first_id;
