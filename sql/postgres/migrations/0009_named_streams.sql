-- 0009_named_streams.sql: the capture trigger function, fired per statement (a row trigger
-- doubles write cost; see DESIGN.md), recording one row per changed key in the change log. It
-- logs the stream it is given, not the table's name: an LA's SSD may name a table otherwise
-- (ssd.tables). Triggers made by this version pass 'stream:<name>' first, then the stream's key
-- column names (from the validated stream definition, quoted here as identifiers: never SQL
-- text); triggers made before pass only key columns and still log TG_TABLE_NAME.
-- The LA's loader may write with another role, without rights on ssd-delta's tables, and with
-- another search_path, so the function runs as its owner (SECURITY DEFINER) with
-- search_path = pg_catalog, pg_temp and names ssd-delta's schema explicitly: no object a writer
-- can create is ever looked up. EXECUTE is revoked from PUBLIC so nobody else can attach it to a
-- table of their own. No parameters.
CREATE OR REPLACE FUNCTION {{schema}}.ssd_delta_capture() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
  stream text := TG_TABLE_NAME;
  key_columns text[] := TG_ARGV;
  key_expr text;
  keys text;
BEGIN
  IF TG_NARGS > 0 AND TG_ARGV[0] LIKE 'stream:%' THEN
    stream := substr(TG_ARGV[0], 8);
    key_columns := CASE WHEN TG_NARGS > 1 THEN TG_ARGV[1:TG_NARGS - 1] ELSE ARRAY[]::text[] END;
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO {{schema}}.ssd_delta_change_log (stream, row_key, op) VALUES (stream, NULL, 'T');
    RETURN NULL;
  END IF;
  -- One key column: its text; more: parts joined by U+001F, NULL parts kept in place as ''.
  IF cardinality(key_columns) = 1 THEN
    SELECT format('%I::text', a) INTO key_expr FROM unnest(key_columns) AS t(a);
  ELSE
    SELECT 'pg_catalog.concat_ws(pg_catalog.chr(31), ' || string_agg(format('COALESCE(%I::text, '''')', a), ', ' ORDER BY i) || ')'
      INTO key_expr FROM unnest(key_columns) WITH ORDINALITY AS t(a, i);
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
    USING stream, left(TG_OP, 1);
  RETURN NULL;
END
$fn$;

REVOKE ALL ON FUNCTION {{schema}}.ssd_delta_capture() FROM PUBLIC;
