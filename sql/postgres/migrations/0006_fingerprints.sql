-- 0006_fingerprints.sql: fingerprint capture (capture.mode = fingerprint). One row per SSD row
-- ever seen: its key (or, for a stream whose keys a reload regenerates, its content), the child
-- its direct person column names, a hash of the columns ssd-delta reads, and whether it is gone.
-- Never truncated: a refresh after each SSD load writes only the rows whose hash differs, and
-- those writes are the change feed (here they go to ssd_delta_change_log). No parameters.
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_fingerprint (
  stream        varchar(63) NOT NULL,
  row_key       text NOT NULL,
  person_id     varchar(48),                       -- the row's direct person column, when it has one
  row_hash      text NOT NULL,                     -- md5 of the stream's columns, hex
  deleted       boolean NOT NULL DEFAULT false,
  refreshed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream, row_key)
);

-- The cheap signature of each SSD table at its last refresh (row count, largest key, checksum):
-- a poll refreshes a stream only when its signature moved, never diffing every row every minute.
-- seen_signature: the signature the last poll saw; a table is refreshed once two polls in a row
-- see the same one (its load has finished: capture.waitForSettledLoads).
-- empty_since: when a poll first found the table empty although it had rows (a reload under way,
-- or its last rows deleted: the poll cannot tell which, so it waits capture.reloadGraceMinutes).
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_signature (
  stream          varchar(63) PRIMARY KEY,
  signature       text,                           -- at the last refresh; NULL before the first
  refreshed_at    timestamptz,
  seen_signature  text,
  empty_since     timestamptz
);
