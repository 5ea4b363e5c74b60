import type { StreamDefinition } from '../../streams/stream-definition.js';
import { reachPlan } from '../reach-plan.js';
import { childrenOfSql, childrenOfStreamSql, fetchRowsSql, type IndexedColumn, type ReachDialect } from '../reach-sql.js';
import { fetchedRow, type FetchedSqlRow } from '../row-mapping.js';
import type { ChildRowStore, FetchedRow } from '../source.js';
import { sqlCache } from '../sql-file.js';
import { param, type SqlStatements } from '../sql-runner.js';

/**
 * What a dialect gives the child-row store: how it writes the reach plan's parts (reach-sql.ts
 * writes the touch and fetch statements from them) and its few statements of its own.
 */
export interface ChildRowSql {
  /** How the dialect writes the touch and fetch statements' parts. */
  readonly reach: ReachDialect;
  /** capture.mode = fingerprint: a changed fingerprint names its child (reach-sql.ts's childrenOfSql). */
  readonly fingerprints: boolean;
  /** Person rows whose id is missing or blank. Result: n. */
  readonly personsWithoutId: string;
  /** Every child of the person table or the staging table. Result: person_id. */
  readonly allChildren: string;
  /** Every child of the person table. Result: person_id. */
  readonly ssdChildren: string;
  /** Whether the stream's table has no row. Result: empty. */
  isEmpty(def: StreamDefinition): string;
  /**
   * The SSD schema's (@schema) columns that lead an index an equality search can use (result:
   * table_name, column_name), read once per store; null where fetches do not search through them.
   */
  readonly indexes: string | null;
}

/** Touch mapping and set-based fetch, on either dialect, over `sql`'s generated statements. */
export function childRowStore(db: SqlStatements, sql: ChildRowSql, ssdSchema: string): ChildRowStore {
  const cached = sqlCache();
  let indexed: Promise<IndexedColumn> | null = null;
  const readIndexes = async (): Promise<IndexedColumn> => {
    if (sql.indexes === null) return () => false;
    const rows = await db.runSql<{ table_name: string; column_name: string }>(sql.indexes, { schema: param.key(ssdSchema) });
    const led = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    return (table, column) => led.has(`${table}.${column}`);
  };
  return {
    async childrenOf(def: StreamDefinition, rowKeys: readonly string[]): Promise<string[]> {
      if (rowKeys.length === 0) return [];
      // Key parts travel apart too, so a dialect can join each to its own column (and its index).
      const parts = rowKeys.map((k) => (def.key.length === 1 ? [k] : k.split('\u001f')));
      const rows = await db.runSql<{ person_id: string }>(cached(`touch:${def.stream}`, () => childrenOfSql(reachPlan(def), sql.fingerprints, sql.reach)), {
        keys: param.json(parts),
        row_keys: param.list(rowKeys),
        stream: param.stream(def.stream),
      });
      return rows.map((r) => r.person_id);
    },

    async childrenOfStream(def: StreamDefinition): Promise<string[]> {
      const rows = await db.runSql<{ person_id: string }>(cached(`stream:${def.stream}`, () => childrenOfStreamSql(reachPlan(def), sql.reach)), { stream: param.stream(def.stream) });
      return rows.map((r) => r.person_id);
    },

    async countPersonsWithoutId(): Promise<number> {
      const [row] = await db.runSql<{ n: number }>(sql.personsWithoutId);
      return row?.n ?? 0;
    },

    async allChildren(): Promise<string[]> {
      return (await db.runSql<{ person_id: string }>(sql.allChildren)).map((r) => r.person_id);
    },

    async ssdChildren(): Promise<string[]> {
      return (await db.runSql<{ person_id: string }>(sql.ssdChildren)).map((r) => r.person_id);
    },

    async childrenDue(day: string): Promise<string[]> {
      return (await db.run<{ person_id: string }>('children-due', { day: param.date(day) })).map((r) => r.person_id);
    },

    async isEmpty(def: StreamDefinition): Promise<boolean> {
      const [row] = await db.runSql<{ empty: boolean }>(cached(`empty:${def.stream}`, () => sql.isEmpty(def)));
      return row?.empty ?? true;
    },

    async fetchRows(def: StreamDefinition, personIds: readonly string[]): Promise<FetchedRow[]> {
      if (personIds.length === 0) return [];
      // Which link columns an index serves, read once: a fetch searches through them (reach-sql.ts's linkedIdCondition).
      // A read that failed (a lost connection) is not kept: the next fetch asks again.
      const links = await (indexed ??= readIndexes().catch((error: unknown) => {
        indexed = null;
        throw error;
      }));
      return (await db.runSql<FetchedSqlRow>(cached(`fetch:${def.stream}`, () => fetchRowsSql(reachPlan(def), sql.reach, links)), { person_ids: param.list(personIds) })).map(fetchedRow);
    },
  };
}
