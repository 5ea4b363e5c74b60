import type { StreamDefinition } from '../streams/stream-definition.js';
import type { PlannedJoin, PlannedPath, ReachPlan } from './reach-plan.js';
import type { SqlNames } from './sql-names.js';

/**
 * The touch and fetch statements of a stream, written once from its reach plan for both
 * dialects: each adapter's stream-sql.ts supplies only how its dialect says the parts below
 * (a {@link ReachDialect}). Identifiers come from a validated stream definition; every value is
 * a bound parameter.
 */

/** Whether an index of the SSD table starts with the column (so rows can be found by it). */
export type IndexedColumn = (table: string, column: string) => boolean;

/** How one dialect writes the parts of the touch and fetch statements. */
export interface ReachDialect {
  readonly names: SqlNames;
  /** An SSD table under an alias in a FROM or JOIN: `"s"."t" t1`, `[s].[t] AS t1`. */
  aliased(table: string, alias: string): string;
  /** A child id a touch query reaches, as the text column its UNION returns. */
  reachedPerson(column: string): string;
  /** A fetched row's child id, as text. */
  fetchedPerson(column: string): string;
  /** The changed rows' keys (@row_keys or @keys): a FROM item aliased k, and the text of the key's part i. */
  changedKeys(def: StreamDefinition): { readonly from: string; part(i: number): string };
  /** The children ssd-delta remembers for the changed keys of @stream in its `table`, those with a child only when `named`. Result: person_id. */
  remembered(table: 'ssd_delta_owner' | 'ssd_delta_fingerprint', named: boolean): string;
  /** A fetch's restriction to the chunk's children (@person_ids) reached at `person`: a JOIN to add, and conditions. */
  chunk(person: string): { readonly join: string; readonly where: readonly string[] };
  /**
   * A condition that `column` holds one of the chunk's children (@person_ids), for a fetch that
   * searches through the SSD's indexes (see linkedIdCondition); absent where a dialect does not.
   */
  readonly inChunk?: (column: string) => string;
  /** The row-key text of alias's key columns: the text capture logs. */
  rowKey(def: StreamDefinition, alias: string): string;
  /** A date column as YYYY-MM-DD text, whatever the session's settings. */
  dateText(column: string): string;
  /** A column as text, whatever the LA's type (an id held as an integer still reaches the document as text). */
  text(column: string): string;
}

/** The first line of a generated statement: what it is, which the database's trace and the tests' fake pool show. */
function generated(what: string, def: StreamDefinition): string {
  return `-- generated: ${what} ${def.stream}\n`;
}

function joinText(join: PlannedJoin, d: ReachDialect): string {
  return `JOIN ${d.aliased(join.table, join.alias)} ON ${join.alias}.${join.column} = ${join.previous}.${join.previousColumn}`;
}

function personOf(path: PlannedPath): string {
  return `${path.person.alias}.${path.person.column}`;
}

/**
 * A key-linked path joined from the changed keys' part straight to its first hop, skipping the
 * stream's own table, so it reaches the children of a deleted row as well as of a live one.
 * With `keyed` false (a whole-table event) it starts from every row of the first hop instead.
 */
function keyLinkedQuery(plan: ReachPlan, path: PlannedPath, keyed: boolean, d: ReachDialect): string {
  const [first, ...rest] = path.joins;
  if (!first || path.keyPart === null) throw new Error(`${plan.def.stream}: a key-linked path needs a hop`);
  const person = personOf(path);
  const from = keyed ? `${d.changedKeys(plan.def).from} JOIN ${d.aliased(first.table, first.alias)} ON ${first.alias}.${first.column} = ${d.changedKeys(plan.def).part(path.keyPart)}` : d.aliased(first.table, first.alias);
  const where = keyed ? `${person} IS NOT NULL` : `${first.alias}.${first.column} IS NOT NULL AND ${person} IS NOT NULL`;
  return `SELECT ${d.reachedPerson(person)} AS person_id FROM ${from} ${rest.map((j) => joinText(j, d)).join(' ')} WHERE ${where}`;
}

/**
 * Children reached now by the changed rows (@row_keys, @keys), through every reach path, plus
 * the children the owner map remembers for them (@stream), plus, with `fingerprints`, the child
 * each changed fingerprint names: an update that moves a row touches the old and the new child,
 * and a deleted row, or a content-keyed one, still reaches its child (only through its fingerprint).
 */
export function childrenOfSql(plan: ReachPlan, fingerprints: boolean, d: ReachDialect): string {
  const { def } = plan;
  // A content-keyed stream's fingerprints log a hash of the row as its key (reach-plan.ts), which
  // no key column holds: joined to one, it matches nothing, or fails to convert to the column's type.
  const keyed = fingerprints && plan.fingerprint.byContent ? [] : plan.paths;
  const current = keyed.map((path) => {
    if (path.keyPart !== null) return keyLinkedQuery(plan, path, true, d);
    const person = personOf(path);
    const keys = d.changedKeys(def);
    const on = def.key.map((c, i) => `t0.${c} = ${keys.part(i)}`).join(' AND ');
    return `SELECT ${d.reachedPerson(person)} AS person_id FROM ${keys.from} JOIN ${d.aliased(def.table, 't0')} ON ${on} ${path.joins.map((j) => joinText(j, d)).join(' ')} WHERE ${person} IS NOT NULL`;
  });
  current.push(d.remembered('ssd_delta_owner', false));
  if (fingerprints) current.push(d.remembered('ssd_delta_fingerprint', true));
  return `${generated('children-of', def)}SELECT DISTINCT person_id FROM (${current.join('\nUNION ALL\n')}) AS reached`;
}

/**
 * Every child a whole-table event (TRUNCATE) of the stream can affect: those the owner map
 * remembers (@stream), or, for a stream without one, every child its key-linked paths reach.
 */
export function childrenOfStreamSql(plan: ReachPlan, d: ReachDialect): string {
  const head = generated('children-of-stream', plan.def);
  if (plan.ownerMap) return `${head}SELECT DISTINCT person_id FROM ${d.names.own('ssd_delta_owner')} WHERE stream = @stream`;
  const parts = plan.paths.map((path) => keyLinkedQuery(plan, path, false, d));
  return `${head}SELECT DISTINCT person_id FROM (${parts.join('\nUNION ALL\n')}) AS reached`;
}

/**
 * A semi-join that lets a path's rows be found through an index from the chunk's children: a
 * link column must be IN the ids the rest of the path links to those children, found from the
 * person column back; the joins then go by key. Without it the planner hashed a whole scan of
 * the stream's table for every chunk, which grows with the LA: the 11 multi-hop fetches of a
 * chunk of 1,000 took 690 ms at 100,000 children against 290 ms at 20,000 (with it: 223 and
 * 189). It sits on the stream's table, or, when the path starts from the stream's
 * own key (a professional reaches many children through involvements), on the first table
 * joined, so the search starts from this chunk's links, not from every link of the rows found.
 * Only when an index starts with each column it searches (`indexed`): without one (the SSD's
 * DDL ships most of its indexes commented out) it would add a hash of a table's scan to every
 * chunk. IN, not `= ANY (ARRAY(...))`: an array parameter is searched linearly for every row a
 * scan reads when no index serves it (an LA's column types may differ), 30 times slower.
 */
function linkedIdCondition(plan: ReachPlan, path: PlannedPath, d: ReachDialect, indexed: IndexedColumn): string[] {
  const from = path.keyPart === null ? 0 : 1;
  const inChunk = d.inChunk;
  if (inChunk === undefined || path.joins.length <= from) return [];
  const table = from === 0 ? plan.def.table : (path.joins[0] as PlannedJoin).table;
  // Every column searched: the link on the stream's side, then each hop's by the next one's link
  // (the last hop's by its person column). One without an index would scan its table again.
  const searched: Array<[string, string]> = [];
  let ids = '';
  let column = path.person.column;
  for (let i = path.joins.length - 1; i >= from; i -= 1) {
    const hop = path.joins[i] as PlannedJoin;
    const alias = `u${i + 1}`;
    searched.push([hop.table, column]);
    ids = `SELECT ${alias}.${hop.column} FROM ${d.aliased(hop.table, alias)} WHERE ${ids === '' ? inChunk(`${alias}.${column}`) : `${alias}.${column} IN (${ids})`}`;
    column = hop.previousColumn;
  }
  searched.push([table, column]);
  if (!searched.every(([t, c]) => indexed(t, c))) return [];
  return [`t${from}.${column} IN (${ids})`];
}

/**
 * Column list for a fetch, each under its standard name (the LA may call it otherwise: see
 * ssd-naming.ts): dates as YYYY-MM-DD text, so no time zone can shift them, and text columns as
 * text whatever the LA's type.
 */
function selectColumns(def: StreamDefinition, d: ReachDialect): string {
  return Object.entries(def.columns)
    .map(([name, kind]) => {
      const as = def.standard?.[name] ?? name;
      if (kind === 'date') return `${d.dateText(`t0.${name}`)} AS ${as}`;
      if (kind === 'text') return `${d.text(`t0.${name}`)} AS ${as}`;
      return `t0.${name} AS ${as}`;
    })
    .join(', ');
}

/**
 * One set-based query: the stream's rows for the chunk's children (@person_ids), tagged with
 * child and key. `indexed` says which link columns an index serves (none where unknown).
 */
export function fetchRowsSql(plan: ReachPlan, d: ReachDialect, indexed: IndexedColumn = () => false): string {
  const { def } = plan;
  const parts = plan.paths.map((path) => {
    const person = personOf(path);
    const chunk = d.chunk(person);
    const where = [...chunk.where, ...linkedIdCondition(plan, path, d, indexed)];
    const from = [d.aliased(def.table, 't0'), ...path.joins.map((j) => joinText(j, d)), chunk.join].filter((j) => j !== '').join(' ');
    return `SELECT ${d.fetchedPerson(person)} AS ssd_delta_person_id, ${d.rowKey(def, 't0')} AS ssd_delta_row_key, ${selectColumns(def, d)}
      FROM ${from}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
  });
  return `${generated('fetch-rows', def)}${parts.join('\nUNION\n')}`;
}
