-- 0006_fingerprints.sql: fingerprint capture (capture.mode = fingerprint, the default on SQL
-- Server). One row per SSD row ever seen: its key (or, for a stream whose keys a reload
-- regenerates, its content), the child its direct person column names, a SHA-256 of the columns
-- ssd-delta reads, and whether it is gone. Never truncated: a refresh after each SSD load MERGEs
-- only rows whose hash differs, and Change Tracking on this table (enabled by `init`) is the
-- change feed. TRUNCATE of an SSD table therefore loses nothing. No parameters.
IF OBJECT_ID(N'{{schema}}.ssd_delta_fingerprint', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_fingerprint (
  stream        VARCHAR(63) NOT NULL,
  row_key       NVARCHAR(300) NOT NULL,
  person_id     NVARCHAR(48) NULL,                 -- the row's direct person column, when it has one
  row_hash      BINARY(32) NOT NULL,               -- HASHBYTES('SHA2_256', ...) of the stream's columns
  deleted       BIT NOT NULL CONSTRAINT ssd_delta_fingerprint_deleted_df DEFAULT 0,
  refreshed_at  DATETIME2(3) NOT NULL CONSTRAINT ssd_delta_fingerprint_refreshed_at_df DEFAULT SYSUTCDATETIME(),
  CONSTRAINT ssd_delta_fingerprint_pkey PRIMARY KEY (stream, row_key)
);

-- prune-change-log.sql removes fingerprints of rows gone longer than the retention: it seeks here.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_delta_fingerprint_gone_idx' AND object_id = OBJECT_ID(N'{{schema}}.ssd_delta_fingerprint'))
  CREATE INDEX ssd_delta_fingerprint_gone_idx ON {{schema}}.ssd_delta_fingerprint (refreshed_at) WHERE deleted = 1;

-- The cheap signature of each SSD table at its last refresh (row count, largest key, checksum):
-- a poll refreshes a stream only when its signature moved, never diffing every row every minute.
-- seen_signature: the signature the last poll saw; a table is refreshed once two polls in a row
-- see the same one (its load has finished: capture.waitForSettledLoads).
-- empty_since: when a poll first found the table empty although it had rows (a reload under way,
-- or its last rows deleted: the poll cannot tell which, so it waits capture.reloadGraceMinutes).
IF OBJECT_ID(N'{{schema}}.ssd_delta_signature', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_signature (
  stream          VARCHAR(63) NOT NULL CONSTRAINT ssd_delta_signature_pkey PRIMARY KEY,
  signature       NVARCHAR(200) NULL,             -- at the last refresh; NULL before the first
  refreshed_at    DATETIME2(3) NULL,
  seen_signature  NVARCHAR(200) NULL,
  empty_since     DATETIME2(3) NULL
);
