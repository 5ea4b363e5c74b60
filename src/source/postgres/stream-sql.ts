import type { StreamDefinition } from '../../streams/stream-definition.js';
import { reachPlan } from '../reach-plan.js';
import type { ReachDialect } from '../reach-sql.js';
import type { SqlNames } from '../sql-names.js';

/**
 * SQL text generated from a validated stream definition (identifiers only; every value is a
 * bound parameter): how Postgres writes the reach plan's parts (the touch and fetch statements
 * themselves are reach-sql.ts's), the fingerprints and the capture triggers. Composite keys are
 * joined with U+001F, which no SSD id contains.
 */

/**
 * The row-key expression over a table alias: the same text the capture trigger logs
 * (0009_named_streams.sql builds it from the key column names).
 */
function rowKeyExpression(def: StreamDefinition, alias: string): string {
  if (def.key.length === 1) return `${alias}.${def.key[0]}::text`;
  // coalesce keeps every part in its place (concat_ws skips NULLs, which would shift split_part).
  return `concat_ws(chr(31), ${def.key.map((c) => `coalesce(${alias}.${c}::text, '')`).join(', ')})`;
}

/** How Postgres writes the touch and fetch statements (reach-sql.ts). */
export function postgresReach(n: SqlNames): ReachDialect {
  return {
    names: n,
    aliased: (table, alias) => `${n.ssd(table)} ${alias}`,
    reachedPerson: (column) => `${column}::text`,
    fetchedPerson: (column) => `${column}::text`,
    changedKeys: (def) => ({
      from: 'unnest(@row_keys::text[]) AS k(row_key)',
      part: (i) => (def.key.length === 1 ? 'k.row_key' : `split_part(k.row_key, chr(31), ${i + 1})`),
    }),
    remembered: (table, named) => `SELECT person_id FROM ${n.own(table)} WHERE stream = @stream AND row_key = ANY (@row_keys::text[])${named ? ' AND person_id IS NOT NULL' : ''}`,
    chunk: (person) => ({ join: '', where: [`${person} = ANY (@person_ids::text[])`] }),
    inChunk: (column) => `${column} = ANY (@person_ids::text[])`,
    rowKey: rowKeyExpression,
    dateText: (column) => `to_char(${column}, 'YYYY-MM-DD')`,
    text: (column) => `${column}::text`,
  };
}

/**
 * The capture triggers of one SSD table (statement level, with transition tables). Their
 * arguments are `stream:<stream>` and the key column names: the function quotes them itself
 * (see 0009_named_streams.sql).
 */
export function captureTriggersSql(def: StreamDefinition, n: SqlNames): string {
  // The stream first (the table may have the LA's own name), then the key columns.
  const stream = `'stream:${def.stream}'`;
  const keys = [stream, ...def.key.map((c) => `'${c}'`)].join(', ');
  const t = n.ssd(def.table);
  const capture = n.own('ssd_delta_capture');
  return `
CREATE OR REPLACE TRIGGER ssd_delta_ins AFTER INSERT ON ${t} REFERENCING NEW TABLE AS ssd_delta_new
  FOR EACH STATEMENT EXECUTE FUNCTION ${capture}(${keys});
CREATE OR REPLACE TRIGGER ssd_delta_upd AFTER UPDATE ON ${t} REFERENCING OLD TABLE AS ssd_delta_old NEW TABLE AS ssd_delta_new
  FOR EACH STATEMENT EXECUTE FUNCTION ${capture}(${keys});
CREATE OR REPLACE TRIGGER ssd_delta_del AFTER DELETE ON ${t} REFERENCING OLD TABLE AS ssd_delta_old
  FOR EACH STATEMENT EXECUTE FUNCTION ${capture}(${keys});
CREATE OR REPLACE TRIGGER ssd_delta_trunc AFTER TRUNCATE ON ${t}
  FOR EACH STATEMENT EXECUTE FUNCTION ${capture}(${stream});`;
}

/**
 * Text of one column for hashing: NULL kept apart from '' by a marker (U+001E), dates written
 * YYYY-MM-DD whatever the session's DateStyle (a process with another DateStyle would otherwise
 * see every row as changed).
 */
function hashedColumn(def: StreamDefinition): (name: string) => string {
  return (name) => `coalesce(${def.columns[name] === 'date' ? `to_char(t0.${name}, 'YYYY-MM-DD')` : `t0.${name}::text`}, chr(30))`;
}

/**
 * capture.mode = fingerprint: one statement that writes into ssd_delta_fingerprint only the rows
 * of the stream whose md5 over the columns ssd-delta reads differs (or that are new, or gone:
 * flagged deleted, never removed), and logs exactly those keys in ssd_delta_change_log, which
 * the cycle then reads as usual. A stream whose keys a reload regenerates (keyStable false) is
 * keyed by its content instead, so a reload that only renumbers rows logs nothing. Rows sharing
 * a key are hashed together. $1: the stream. Result: inserted, updated, deleted (counts), and the
 * table's signature read by the same statement.
 */
export function refreshFingerprintsSql(def: StreamDefinition, n: SqlNames): string {
  const { person, byContent, hashed, content, keyPresent: present } = reachPlan(def).fingerprint;
  const rowKey = byContent ? `md5(concat_ws(chr(31), ${content.map(hashedColumn(def)).join(', ')}))` : rowKeyExpression(def, 't0');
  // A row with a NULL key part has no row key, unless the stream is keyed by content.
  const keyPresent = present.length > 0 ? present.map((c) => `t0.${c} IS NOT NULL`).join(' AND ') : '1 = 1';
  return `-- generated: refresh-fingerprints ${def.stream}
WITH current_rows AS (
  SELECT row_key, min(person_id) AS person_id,
         CASE WHEN count(*) = 1 THEN min(h) ELSE md5(string_agg(h, ',' ORDER BY h)) END AS row_hash
    FROM (SELECT ${rowKey} AS row_key, ${person ? `t0.${person}::text` : 'NULL::text'} AS person_id,
                 md5(concat_ws(chr(31), ${hashed.map(hashedColumn(def)).join(', ')})) AS h
            FROM ${n.ssd(def.table)} t0 WHERE ${keyPresent}) AS r
   GROUP BY row_key
), written AS (
  INSERT INTO ${n.own('ssd_delta_fingerprint')} AS f (stream, row_key, person_id, row_hash, deleted, refreshed_at)
  SELECT $1, row_key, person_id, row_hash, false, now() FROM current_rows
  ON CONFLICT (stream, row_key) DO UPDATE
     SET person_id = EXCLUDED.person_id, row_hash = EXCLUDED.row_hash, deleted = false, refreshed_at = EXCLUDED.refreshed_at
   WHERE f.row_hash <> EXCLUDED.row_hash OR f.deleted OR f.person_id IS DISTINCT FROM EXCLUDED.person_id
  RETURNING f.row_key, (xmax = 0) AS inserted
), gone AS (
  UPDATE ${n.own('ssd_delta_fingerprint')} AS f SET deleted = true, refreshed_at = now()
   WHERE f.stream = $1 AND NOT f.deleted AND NOT EXISTS (SELECT 1 FROM current_rows c WHERE c.row_key = f.row_key)
  RETURNING f.row_key
), logged AS (
  INSERT INTO ${n.own('ssd_delta_change_log')} (stream, row_key, op)
  SELECT $1, row_key, 'U' FROM written UNION ALL SELECT $1, row_key, 'D' FROM gone
)
SELECT (SELECT count(*) FROM written WHERE inserted)::int AS inserted,
       (SELECT count(*) FROM written WHERE NOT inserted)::int AS updated,
       (SELECT count(*) FROM gone)::int AS deleted,
       -- in the same statement, so of the same rows the diff read
       (${signatureQuery(def, n)}) AS signature`;
}

/** The signature of a stream's table (see signatureSql), as a scalar subquery. */
function signatureQuery(def: StreamDefinition, n: SqlNames): string {
  const columns = reachPlan(def).fingerprint.signed;
  return `SELECT concat_ws('/', count(*), max(${rowKeyExpression(def, 't0')}), sum(hashtext(concat_ws(chr(31), ${columns.map(hashedColumn(def)).join(', ')}))::bigint)) FROM ${n.ssd(def.table)} t0`;
}

/**
 * The cheap signature of a stream's table: row count, largest key and a sum of row hashes over
 * the columns ssd-delta reads. A poll compares it with the one stored at the last refresh.
 */
export function signatureSql(def: StreamDefinition, n: SqlNames): string {
  return `-- generated: signature ${def.stream}
SELECT (${signatureQuery(def, n)}) AS signature`;
}

/** Drops ssd-delta's capture triggers from one SSD table (fingerprint mode reads tables, not triggers). */
export function dropCaptureTriggersSql(def: StreamDefinition, n: SqlNames): string {
  return ['ins', 'upd', 'del', 'trunc'].map((t) => `DROP TRIGGER IF EXISTS ssd_delta_${t} ON ${n.ssd(def.table)};`).join('\n');
}

/** Every stream's table with its row count, in one statement. Result: stream, n (bigint as text). */
export function tableCountsSql(defs: readonly StreamDefinition[], n: SqlNames): string {
  return defs.map((def) => `SELECT '${def.stream}'::text AS stream, count(*)::bigint AS n FROM ${n.ssd(def.table)}`).join('\nUNION ALL\n');
}
