-- prune-change-log.sql: drops the change-log rows their own stream has read: those of
-- transactions its watermark's snapshot saw ended (below its xmin, or committed before it). A row
-- is read by its stream alone, so a stream whose watermark lags (or a transaction left open
-- across cycles) keeps only its own rows. Rows of a stream with no watermark stay. No
-- parameters, no result.
DELETE FROM {{schema}}.ssd_delta_change_log AS l
 USING (SELECT stream, {{schema}}.ssd_delta_snapshot(position) AS seen FROM {{schema}}.ssd_delta_watermark) AS w
 WHERE w.stream = l.stream
   AND (l.xid < pg_snapshot_xmin(w.seen) OR pg_visible_in_snapshot(l.xid, w.seen));
