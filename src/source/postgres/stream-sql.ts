import { directPersonColumn, isKeyLinked, needsOwnerMap, type Reach, type StreamDefinition } from '../../streams/stream-definition.js';
import type { SqlNames } from '../sql-names.js';
import type { IndexedColumn } from '../stores/child-row-store.js';

/**
 * SQL text generated from a validated stream definition (identifiers only; every value is a
 * bound parameter). Composite keys are joined with U+001F, which no SSD id contains.
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

/** Condition matching alias's key columns to a row-key text expression. */
function keyMatches(def: StreamDefinition, alias: string, keyText: string): string {
  if (def.key.length === 1) return `${alias}.${def.key[0]} = ${keyText}`;
  return def.key.map((c, i) => `${alias}.${c} = split_part(${keyText}, chr(31), ${i + 1})`).join(' AND ');
}

/** The JOIN clauses of one reach path starting at alias t0, and the person column reached. */
function reachJoins(reach: Reach, n: SqlNames): { joins: string; person: string } {
  const joins: string[] = [];
  let previous = 't0';
  (reach.via ?? []).forEach((hop, i) => {
    const alias = `t${i + 1}`;
    joins.push(`JOIN ${n.ssd(hop.table)} ${alias} ON ${alias}.${hop.to} = ${previous}.${hop.from}`);
    previous = alias;
  });
  return { joins: joins.join(' '), person: `${previous}.${reach.person}` };
}

/**
 * A semi-join that lets a reach path's rows be found through an index from the children in
 * @person_ids (text[]): a link column must be IN the ids the rest of the path links to those children,
 * found from the person column back; the joins then go by key. Without it the planner hashed a
 * whole scan of the stream's table for every chunk, which grows with the LA: the 11 multi-hop
 * fetches of a chunk of 1,000 took 690 ms at 100,000 children against 290 ms at 20,000 (with
 * it: 223 and 189). It sits on the stream's table, or, when the path starts from the stream's
 * own key (a professional reaches many children through involvements), on the first table
 * joined, so the search starts from this chunk's links, not from every link of the rows found.
 * Only when an index starts with each column it searches: without one (the SSD's DDL ships
 * most of its indexes commented out) it would add a hash of a table's scan to every chunk.
 * IN, not `= ANY (ARRAY(...))`: an array parameter is searched linearly for every row a scan
 * reads when no index serves it (an LA's column types may differ), 30 times slower.
 */
function linkedIdCondition(def: StreamDefinition, reach: Reach, n: SqlNames, indexed: IndexedColumn): string[] {
  const via = reach.via ?? [];
  const from = isKeyLinked(def, reach) ? 1 : 0;
  if (via.length <= from) return [];
  const table = from === 0 ? def.table : (via[0] as NonNullable<Reach['via']>[number]).table;
  // Every column searched: the link on the stream's side, then each hop's by the next one's link
  // (the last hop's by its person column). One without an index would scan its table again.
  const searched: Array<[string, string]> = [];
  let ids = '';
  let column = reach.person;
  for (let i = via.length - 1; i >= from; i -= 1) {
    const hop = via[i] as NonNullable<Reach['via']>[number];
    const alias = `u${i + 1}`;
    searched.push([hop.table, column]);
    ids = `SELECT ${alias}.${hop.to} FROM ${n.ssd(hop.table)} ${alias} WHERE ${alias}.${column} ${ids === '' ? '= ANY (@person_ids::text[])' : `IN (${ids})`}`;
    column = hop.from;
  }
  searched.push([table, column]);
  if (!searched.every(([t, c]) => indexed(t, c))) return [];
  return [`t${from}.${column} IN (${ids})`];
}

/** The key text's part that holds `column` (the whole key when it has one column). */
function keyPart(def: StreamDefinition, column: string, keyText: string): string {
  return def.key.length === 1 ? keyText : `split_part(${keyText}, chr(31), ${def.key.indexOf(column) + 1})`;
}

/**
 * Column list for a fetch, each under its standard name (the LA may call it otherwise: see
 * ssd-naming.ts): dates become YYYY-MM-DD text in SQL so no time zone can shift them, and text
 * columns text whatever the LA's type (an id held as an integer still reaches the document as text).
 */
function selectColumns(def: StreamDefinition): string {
  return Object.entries(def.columns)
    .map(([name, kind]) => {
      const as = def.standard?.[name] ?? name;
      if (kind === 'date') return `to_char(t0.${name}, 'YYYY-MM-DD') AS ${as}`;
      if (kind === 'text') return `t0.${name}::text AS ${as}`;
      return `t0.${name} AS ${as}`;
    })
    .join(', ');
}

/**
 * A key-linked path joined from the row key itself, skipping the stream's own table, so it
 * reaches the children of a deleted row as well as of a live one. With `keyed` false (a
 * whole-table event) it starts from every row of the first hop instead of the keys in @row_keys.
 */
function keyLinkedQuery(def: StreamDefinition, reach: Reach, keyed: boolean, n: SqlNames): string {
  const [first, ...rest] = reach.via ?? [];
  if (!first) throw new Error(`${def.stream}: a key-linked path needs a hop`);
  const joins: string[] = [];
  let previous = 't1';
  rest.forEach((hop, i) => {
    const alias = `t${i + 2}`;
    joins.push(`JOIN ${n.ssd(hop.table)} ${alias} ON ${alias}.${hop.to} = ${previous}.${hop.from}`);
    previous = alias;
  });
  const person = `${previous}.${reach.person}`;
  const from = keyed
    ? `unnest(@row_keys::text[]) AS k(row_key) JOIN ${n.ssd(first.table)} t1 ON t1.${first.to} = ${keyPart(def, first.from, 'k.row_key')}`
    : `${n.ssd(first.table)} t1`;
  const where = keyed ? `${person} IS NOT NULL` : `t1.${first.to} IS NOT NULL AND ${person} IS NOT NULL`;
  return `SELECT ${person}::text AS person_id FROM ${from} ${joins.join(' ')} WHERE ${where}`;
}

/**
 * Children reached now by the rows with these keys (@row_keys text[]), through every reach path,
 * plus the children the owner map remembers for them (@stream): an update that moves a row
 * touches both the old and the new child, and a deleted row still reaches its child.
 */
export function childrenOfSql(def: StreamDefinition, fingerprints: boolean, n: SqlNames): string {
  const current = def.reach.map((reach) => {
    if (isKeyLinked(def, reach)) return keyLinkedQuery(def, reach, true, n);
    const { joins, person } = reachJoins(reach, n);
    return `SELECT ${person}::text AS person_id FROM unnest(@row_keys::text[]) AS k(row_key)
      JOIN ${n.ssd(def.table)} t0 ON ${keyMatches(def, 't0', 'k.row_key')} ${joins}
      WHERE ${person} IS NOT NULL`;
  });
  current.push(`SELECT person_id FROM ${n.own('ssd_delta_owner')} WHERE stream = @stream AND row_key = ANY (@row_keys::text[])`);
  // Fingerprint mode: a changed fingerprint names its child (a content-keyed row has no other way).
  if (fingerprints) current.push(`SELECT person_id FROM ${n.own('ssd_delta_fingerprint')} WHERE stream = @stream AND row_key = ANY (@row_keys::text[]) AND person_id IS NOT NULL`);
  return `SELECT DISTINCT person_id FROM (${current.join('\nUNION ALL\n')}) AS reached`;
}

/**
 * Every child a whole-table event (TRUNCATE) of the stream can affect: those the owner map
 * remembers (@stream), or, for a stream without one, every child its key-linked paths reach.
 */
export function childrenOfStreamSql(def: StreamDefinition, n: SqlNames): string {
  if (needsOwnerMap(def)) return `SELECT DISTINCT person_id FROM ${n.own('ssd_delta_owner')} WHERE stream = @stream`;
  const parts = def.reach.map((reach) => keyLinkedQuery(def, reach, false, n));
  return `SELECT DISTINCT person_id FROM (${parts.join('\nUNION ALL\n')}) AS reached`;
}

/**
 * One set-based query: the stream's rows for the children in @person_ids (text[]), tagged with child and
 * key. `indexed` says which link columns an index serves (none when absent).
 */
export function fetchRowsSql(def: StreamDefinition, n: SqlNames, indexed: IndexedColumn = () => false): string {
  return def.reach
    .map((reach) => {
      const { joins, person } = reachJoins(reach, n);
      return `SELECT ${person}::text AS ssd_delta_person_id, ${rowKeyExpression(def, 't0')} AS ssd_delta_row_key, ${selectColumns(def)}
        FROM ${n.ssd(def.table)} t0 ${joins} WHERE ${[`${person} = ANY (@person_ids::text[])`, ...linkedIdCondition(def, reach, n, indexed)].join(' AND ')}`;
    })
    .join('\nUNION\n');
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
  const person = directPersonColumn(def);
  const columns = Object.keys(def.columns);
  const content = columns.filter((c) => !def.key.includes(c));
  const rowKey = def.keyStable ? rowKeyExpression(def, 't0') : `md5(concat_ws(chr(31), ${content.map(hashedColumn(def)).join(', ')}))`;
  // A regenerated key is not a change: a content-keyed row's hash leaves its key out.
  const hashed = def.keyStable ? columns : content;
  // A row with a NULL key part has no row key, unless the stream is keyed by content (Mosaic loads clea_table_id as NULL).
  const keyPresent = def.keyStable ? def.key.map((c) => `t0.${c} IS NOT NULL`).join(' AND ') : '1 = 1';
  return `WITH current_rows AS (
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
  const columns = Object.keys(def.columns);
  return `SELECT concat_ws('/', count(*), max(${rowKeyExpression(def, 't0')}), sum(hashtext(concat_ws(chr(31), ${columns.map(hashedColumn(def)).join(', ')}))::bigint)) FROM ${n.ssd(def.table)} t0`;
}

/**
 * The cheap signature of a stream's table: row count, largest key and a sum of row hashes over
 * the columns ssd-delta reads. A poll compares it with the one stored at the last refresh.
 */
export function signatureSql(def: StreamDefinition, n: SqlNames): string {
  return `SELECT (${signatureQuery(def, n)}) AS signature`;
}

/** Drops ssd-delta's capture triggers from one SSD table (fingerprint mode reads tables, not triggers). */
export function dropCaptureTriggersSql(def: StreamDefinition, n: SqlNames): string {
  return ['ins', 'upd', 'del', 'trunc'].map((t) => `DROP TRIGGER IF EXISTS ssd_delta_${t} ON ${n.ssd(def.table)};`).join('\n');
}

/** Every stream's table with its row count, in one statement. Result: stream, n (bigint as text). */
export function tableCountsSql(defs: readonly StreamDefinition[], n: SqlNames): string {
  return defs.map((def) => `SELECT '${def.stream}'::text AS stream, count(*)::bigint AS n FROM ${n.ssd(def.table)}`).join('\nUNION ALL\n');
}
