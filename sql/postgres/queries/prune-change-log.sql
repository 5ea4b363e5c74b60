-- prune-change-log.sql: drops change-log rows every stream has already read: those of
-- transactions below the oldest watermark's xmin, which every watermark's snapshot saw. No
-- parameters, no result.
DELETE FROM ssd_delta_change_log
 WHERE xid < (SELECT min(pg_snapshot_xmin(position::pg_snapshot)) FROM ssd_delta_watermark);
