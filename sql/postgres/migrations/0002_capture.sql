-- 0002_capture.sql: watermarks, the change log filled by triggers, and the owner map.

-- Per stream (SSD table): the change-feed position already marked.
CREATE TABLE IF NOT EXISTS ssd_delta_watermark (
  stream      varchar(63) PRIMARY KEY,
  position    text NOT NULL,                      -- Postgres: an xid8 (snapshot xmin) as text
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per changed SSD row, written by statement-level triggers. xid records the writing
-- transaction so the reader can take only what no open transaction can still add to.
CREATE TABLE IF NOT EXISTS ssd_delta_change_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream     varchar(63) NOT NULL,
  row_key    text,                                -- NULL: the table was truncated
  op         char(1) NOT NULL,                    -- I, U, D or T
  logged_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS ssd_delta_change_log_xid_idx ON ssd_delta_change_log (xid);

-- Which child each SSD row fed when the child was last built: a delete carries only the key,
-- and this is how it still reaches its child.
CREATE TABLE IF NOT EXISTS ssd_delta_owner (
  stream     varchar(63) NOT NULL,
  row_key    text NOT NULL,
  person_id  varchar(48) NOT NULL,
  PRIMARY KEY (stream, row_key, person_id)
);
CREATE INDEX IF NOT EXISTS ssd_delta_owner_person_idx ON ssd_delta_owner (person_id);

-- The capture trigger function. TG_ARGV[0] is the row-key expression over the transition
-- table, generated from the validated stream definition. Fired per statement (a row trigger
-- doubles write cost; see DESIGN.md), recording one row per changed key.
-- It runs as its owner (SECURITY DEFINER) with search_path pinned to the schema it lives in,
-- set below from current_schema(): the LA's loader may use another role, without rights on
-- ssd-delta's tables, and another search_path, and its writes must still be captured.
CREATE OR REPLACE FUNCTION ssd_delta_capture() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $fn$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO ssd_delta_change_log (stream, row_key, op) VALUES (TG_TABLE_NAME, NULL, 'T');
  ELSIF TG_OP = 'INSERT' THEN
    EXECUTE format('INSERT INTO ssd_delta_change_log (stream, row_key, op) SELECT %L, %s, ''I'' FROM ssd_delta_new', TG_TABLE_NAME, TG_ARGV[0]);
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('INSERT INTO ssd_delta_change_log (stream, row_key, op) SELECT %L, %s, ''D'' FROM ssd_delta_old', TG_TABLE_NAME, TG_ARGV[0]);
  ELSE
    -- An update may change the key itself: record the old and the new key.
    EXECUTE format('INSERT INTO ssd_delta_change_log (stream, row_key, op) SELECT %L, k, ''U'' FROM (SELECT %s AS k FROM ssd_delta_new UNION SELECT %s FROM ssd_delta_old) keys', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[0]);
  END IF;
  RETURN NULL;
END
$fn$;

DO $pin$
BEGIN
  EXECUTE format('ALTER FUNCTION %I.ssd_delta_capture() SET search_path = %I, pg_temp', current_schema(), current_schema());
END
$pin$;
