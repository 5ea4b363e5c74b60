-- 0002_capture.sql: watermarks, the change log filled by triggers, and the owner map.

-- Per stream (SSD table): the change-feed position already marked.
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_watermark (
  stream      varchar(63) PRIMARY KEY,
  position    text NOT NULL,                      -- Postgres: an xid8 (snapshot xmin) as text
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per changed SSD row, written by statement-level triggers. xid records the writing
-- transaction so the reader can take only what no open transaction can still add to.
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_change_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream     varchar(63) NOT NULL,
  row_key    text,                                -- NULL: the table was truncated
  op         char(1) NOT NULL,                    -- I, U, D or T
  logged_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS ssd_delta_change_log_xid_idx ON {{schema}}.ssd_delta_change_log (xid);

-- Which child each SSD row fed when the child was last built: a delete carries only the key,
-- and this is how it still reaches its child.
CREATE TABLE IF NOT EXISTS {{schema}}.ssd_delta_owner (
  stream     varchar(63) NOT NULL,
  row_key    text NOT NULL,
  person_id  varchar(48) NOT NULL,
  PRIMARY KEY (stream, row_key, person_id)
);
CREATE INDEX IF NOT EXISTS ssd_delta_owner_person_idx ON {{schema}}.ssd_delta_owner (person_id);

-- The capture trigger function is 0009_named_streams.sql's (it replaced the one this file made
-- before): `init` installs the triggers after every migration has run.
