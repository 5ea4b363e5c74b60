-- 0002_capture.sql: watermarks and the owner map. On SQL Server the change log is Change
-- Tracking's own (CHANGETABLE), so there is no ssd_delta_change_log; `init` enables tracking on
-- the database and on the tracked tables outside this script (ALTER DATABASE cannot run in the
-- migration's transaction). No parameters.

-- Per stream (SSD table): the Change Tracking version already marked, as text.
IF OBJECT_ID(N'{{schema}}.ssd_delta_watermark', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_watermark (
  stream      VARCHAR(63) NOT NULL CONSTRAINT ssd_delta_watermark_pkey PRIMARY KEY,
  position    VARCHAR(40) NOT NULL,               -- SQL Server: a CHANGE_TRACKING_CURRENT_VERSION()
  updated_at  DATETIME2(3) NOT NULL CONSTRAINT ssd_delta_watermark_updated_at_df DEFAULT SYSUTCDATETIME()
);

-- Which child each SSD row fed when the child was last built: a delete carries only the key,
-- and this is how it still reaches its child. row_key is NVARCHAR(300) so the clustered key
-- stays under SQL Server's 900-byte limit.
IF OBJECT_ID(N'{{schema}}.ssd_delta_owner', N'U') IS NULL
CREATE TABLE {{schema}}.ssd_delta_owner (
  stream     VARCHAR(63) NOT NULL,
  row_key    NVARCHAR(300) NOT NULL,
  person_id  NVARCHAR(48) NOT NULL,
  CONSTRAINT ssd_delta_owner_pkey PRIMARY KEY (stream, row_key, person_id)
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_delta_owner_person_idx' AND object_id = OBJECT_ID(N'{{schema}}.ssd_delta_owner'))
  CREATE INDEX ssd_delta_owner_person_idx ON {{schema}}.ssd_delta_owner (person_id);
