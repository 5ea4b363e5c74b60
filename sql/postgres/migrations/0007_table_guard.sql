-- 0007_table_guard.sql: what lets a cycle tell a table being reloaded from one that changed, and
-- the change-feed position as a whole snapshot. No parameters.

-- A process of the version before this one may be marking (it takes the marking lock by another
-- key): wait for it, so it cannot write an old-style watermark after the ones below are turned.
SELECT pg_advisory_xact_lock(1440604539::bigint);

-- Per stream (SSD table): how many rows it had when a cycle last marked from it, and, while
-- cycles hold for it (shrunk far below that, or truncated and still being reloaded), what the
-- first such cycle saw and since when: a table is taken once it has settled, or after
-- capture.reloadGraceMinutes.
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_table_guard (
  stream        varchar(63) PRIMARY KEY,
  marked_rows   bigint,                 -- rows at the last cycle that marked; NULL before one
  held_seen     text,                   -- what the last cycle held for it saw (rows and changes)
  held_since    timestamptz             -- when the first cycle held for it; NULL when none is
);

-- The watermark becomes the snapshot the cycle read in (xmin:xmax:running xids): the next cycle
-- reads exactly the changes visible now that were not visible then, so a transaction that stays
-- open no longer holds back changes committed after it began. A stored xid8 X (everything
-- below X read) is the snapshot X:X:; the function reads either, so a watermark an older process
-- wrote after all is never unreadable.
UPDATE {{schema}}.ssd_delta_watermark SET position = position || ':' || position || ':' WHERE position NOT LIKE '%:%';
CREATE OR REPLACE FUNCTION {{schema}}.ssd_delta_snapshot(watermark text) RETURNS pg_snapshot
LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN watermark LIKE '%:%' THEN watermark ELSE watermark || ':' || watermark || ':' END)::pg_snapshot
$$;

-- The feed is read per stream from its watermark's xmin.
CREATE INDEX IF NOT EXISTS ssd_delta_change_log_stream_xid_idx ON {{schema}}.ssd_delta_change_log (stream, xid);
