-- read-changes.sql: distinct changed rows per stream in @streams (text[]): every change-log row this
-- snapshot shows whose transaction the stream's watermark (the snapshot of the cycle that last
-- marked it) did not. Run in the cycle's snapshot (REPEATABLE READ) with read-position.sql, so
-- the feed holds exactly the changes behind the table states the cycle builds from; a
-- transaction still open is in neither, and is read by the first cycle that sees it committed,
-- exactly once. Rows older than the watermark's xmin were all visible to it (the index range).
-- Result, oldest first: stream; kind ('row', 'truncate', or 'nokey' for rows written with a NULL
-- key, which cannot be addressed and are only reported); row_key (NULL unless kind = 'row'); n
-- (raw records); age_ms (since the last of them was logged, by the database's clock, which also
-- wrote logged_at); first_logged_at (the first of them, written before its commit:
-- commit-to-receipt counts from there).
SELECT c.stream, c.kind, c.row_key, count(*)::int AS n, (extract(epoch FROM clock_timestamp() - max(c.logged_at)) * 1000)::float8 AS age_ms,
       min(c.logged_at) AS first_logged_at, min(c.id)::bigint AS first_id
  FROM (SELECT l.id, l.stream, l.logged_at,
               CASE WHEN l.op = 'T' THEN 'truncate' WHEN l.row_key IS NULL THEN 'nokey' ELSE 'row' END AS kind,
               CASE WHEN l.op = 'T' THEN NULL ELSE l.row_key END AS row_key
          FROM {{schema}}.ssd_delta_change_log l
          JOIN (SELECT stream, {{schema}}.ssd_delta_snapshot(position) AS seen FROM {{schema}}.ssd_delta_watermark) w ON w.stream = l.stream
         WHERE l.xid >= pg_snapshot_xmin(w.seen)
           AND NOT pg_visible_in_snapshot(l.xid, w.seen)
           AND l.stream = ANY (@streams::text[])) AS c
 GROUP BY c.stream, c.kind, c.row_key
 ORDER BY first_id;
