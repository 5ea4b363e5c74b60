-- 0008_binary_row_keys.sql: row keys compared byte for byte. A composite key's parts are joined
-- with NCHAR(31), which Windows collations give no weight: under them ('1','23') and ('12','3')
-- were the same row key, and keys differing only in case were one. The owner map's and the
-- fingerprints' row_key become Latin1_General_100_BIN2 (every statement that compares a row key
-- computed from the SSD says COLLATE Latin1_General_100_BIN2 too). A primary key column cannot
-- change collation while Change Tracking is on its table: tracking of ssd_delta_fingerprint is
-- turned off, the key changed, and tracking turned back on in this same transaction (nothing is
-- refreshed unseen meanwhile), and the watermarks are cleared, so the next cycle re-baselines
-- (slower once, never wrong). On a large install this rebuilds two clustered keys: stop
-- ssd-delta's scheduled tasks first. The signatures widen to hold a 300-character key.
-- No parameters.
IF EXISTS (SELECT 1 FROM sys.columns WHERE object_id = OBJECT_ID(N'{{schema}}.ssd_delta_owner') AND name = N'row_key' AND collation_name <> N'Latin1_General_100_BIN2')
BEGIN
  ALTER TABLE {{schema}}.ssd_delta_owner DROP CONSTRAINT ssd_delta_owner_pkey;
  ALTER TABLE {{schema}}.ssd_delta_owner ALTER COLUMN row_key NVARCHAR(300) COLLATE Latin1_General_100_BIN2 NOT NULL;
  ALTER TABLE {{schema}}.ssd_delta_owner ADD CONSTRAINT ssd_delta_owner_pkey PRIMARY KEY (stream, row_key, person_id);
END
IF EXISTS (SELECT 1 FROM sys.columns WHERE object_id = OBJECT_ID(N'{{schema}}.ssd_delta_fingerprint') AND name = N'row_key' AND collation_name <> N'Latin1_General_100_BIN2')
BEGIN
  DECLARE @tracked BIT = CASE WHEN EXISTS (SELECT 1 FROM sys.change_tracking_tables WHERE object_id = OBJECT_ID(N'{{schema}}.ssd_delta_fingerprint')) THEN 1 ELSE 0 END;
  IF @tracked = 1
    ALTER TABLE {{schema}}.ssd_delta_fingerprint DISABLE CHANGE_TRACKING;
  ALTER TABLE {{schema}}.ssd_delta_fingerprint DROP CONSTRAINT ssd_delta_fingerprint_pkey;
  ALTER TABLE {{schema}}.ssd_delta_fingerprint ALTER COLUMN row_key NVARCHAR(300) COLLATE Latin1_General_100_BIN2 NOT NULL;
  ALTER TABLE {{schema}}.ssd_delta_fingerprint ADD CONSTRAINT ssd_delta_fingerprint_pkey PRIMARY KEY (stream, row_key);
  IF @tracked = 1
  BEGIN
    ALTER TABLE {{schema}}.ssd_delta_fingerprint ENABLE CHANGE_TRACKING WITH (TRACK_COLUMNS_UPDATED = OFF);
    -- Tracking began again: what the watermarks point at is gone. Every stream re-baselines.
    DELETE FROM {{schema}}.ssd_delta_watermark;
  END
END
IF EXISTS (SELECT 1 FROM sys.columns WHERE object_id = OBJECT_ID(N'{{schema}}.ssd_delta_signature') AND name = N'signature' AND max_length <> -1)
BEGIN
  ALTER TABLE {{schema}}.ssd_delta_signature ALTER COLUMN signature NVARCHAR(MAX) NULL;
  ALTER TABLE {{schema}}.ssd_delta_signature ALTER COLUMN seen_signature NVARCHAR(MAX) NULL;
END
