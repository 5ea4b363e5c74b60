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

-- The capture trigger function, fired per statement (a row trigger doubles write cost; see
-- DESIGN.md), recording one row per changed key. Its arguments are the stream's key column
-- names (from the validated stream definition), quoted here as identifiers: never SQL text.
-- The LA's loader may write with another role, without rights on ssd-delta's tables, and with
-- another search_path, so the function runs as its owner (SECURITY DEFINER) with
-- search_path = pg_catalog, pg_temp and names ssd-delta's schema explicitly: no object a
-- writer can create is ever looked up. EXECUTE is revoked from PUBLIC so nobody else can attach
-- it to a table of their own.
CREATE OR REPLACE FUNCTION {{schema}}.ssd_delta_capture() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  key_expr text;
  keys text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO {{schema}}.ssd_delta_change_log (stream, row_key, op) VALUES (TG_TABLE_NAME, NULL, 'T');
    RETURN NULL;
  END IF;
  IF TG_NARGS = 1 THEN
    key_expr := format('%I::text', TG_ARGV[0]);
  ELSE
    -- Composite keys: parts joined by U+001F, NULL parts kept in place as ''.
    SELECT 'pg_catalog.concat_ws(pg_catalog.chr(31), ' || string_agg(format('COALESCE(%I::text, '''')', a), ', ' ORDER BY i) || ')'
      INTO key_expr FROM unnest(TG_ARGV) WITH ORDINALITY AS t(a, i);
  END IF;
  IF TG_OP = 'INSERT' THEN
    keys := 'SELECT ' || key_expr || ' FROM ssd_delta_new';
  ELSIF TG_OP = 'DELETE' THEN
    keys := 'SELECT ' || key_expr || ' FROM ssd_delta_old';
  ELSE
    -- An update may change the key itself: record the old and the new key.
    keys := 'SELECT ' || key_expr || ' FROM ssd_delta_new UNION SELECT ' || key_expr || ' FROM ssd_delta_old';
  END IF;
  EXECUTE 'INSERT INTO {{schema}}.ssd_delta_change_log (stream, row_key, op) SELECT $1, k, $2 FROM (' || keys || ') AS changed(k)'
    USING TG_TABLE_NAME, left(TG_OP, 1);
  RETURN NULL;
END
$fn$;

REVOKE ALL ON FUNCTION {{schema}}.ssd_delta_capture() FROM PUBLIC;
