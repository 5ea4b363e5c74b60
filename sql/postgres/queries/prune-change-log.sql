-- prune-change-log.sql: drops change-log rows every stream has already read.
DELETE FROM ssd_delta_change_log
 WHERE xid < (SELECT position::xid8 FROM ssd_delta_watermark ORDER BY position::xid8 LIMIT 1);
