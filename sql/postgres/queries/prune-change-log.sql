-- prune-change-log.sql: drops the change-log rows every stream has already read: those of
-- transactions every watermark's snapshot saw committed (or that ended before it). Below the
-- oldest watermark's xmin that is all of them; above it, a transaction that stayed open across
-- several cycles (anywhere on the server) must not keep the rows committed around it. No
-- parameters, no result.
DELETE FROM ssd_delta_change_log AS l
 WHERE l.xid < (SELECT max(pg_snapshot_xmax(ssd_delta_snapshot(position))) FROM ssd_delta_watermark)
   AND NOT EXISTS (SELECT 1 FROM ssd_delta_watermark w WHERE NOT pg_visible_in_snapshot(l.xid, ssd_delta_snapshot(w.position)));
