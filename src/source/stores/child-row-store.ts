import type { StreamDefinition } from '../../streams/stream-definition.js';
import { fetchedRow, type FetchedSqlRow } from '../row-mapping.js';
import type { ChildRowStore, FetchedRow } from '../source.js';
import { sqlCache } from '../sql-file.js';
import { param, type SqlStatements } from '../sql-runner.js';

/** Whether an index of the SSD table starts with the column (so rows can be found by it). */
export type IndexedColumn = (table: string, column: string) => boolean;

/**
 * The statements a dialect generates for the child-row store (reach-sql.ts, from its stream-sql.ts), each taking
 * the `@name` parameters it lists. Each is generated once per stream and kept.
 */
export interface ChildRowSql {
  /**
   * Children the rows with these keys reach now, or reached when last built (the owner map):
   * @row_keys (the key texts), @keys (each key's parts, JSON: SQL Server joins each part to its
   * column), @stream. A dialect may leave one unused.
   */
  childrenOf(def: StreamDefinition): string;
  /** Every child a whole-table event of the stream can affect: @stream (a dialect may leave it unused). */
  childrenOfStream(def: StreamDefinition): string;
  /** The stream's rows for the children in @person_ids, tagged with child and key; `indexed` as {@link indexes} read it. */
  fetchRows(def: StreamDefinition, indexed: IndexedColumn): string;
  /** Person rows whose id is missing or blank. Result: n. */
  readonly personsWithoutId: string;
  /** Every child of the person table or the staging table. Result: person_id. */
  readonly allChildren: string;
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
      const rows = await db.runSql<{ person_id: string }>(cached(`touch:${def.stream}`, () => sql.childrenOf(def)), {
        keys: param.json(parts),
        row_keys: param.list(rowKeys),
        stream: param.stream(def.stream),
      });
      return rows.map((r) => r.person_id);
    },

    async childrenOfStream(def: StreamDefinition): Promise<string[]> {
      const rows = await db.runSql<{ person_id: string }>(cached(`stream:${def.stream}`, () => sql.childrenOfStream(def)), { stream: param.stream(def.stream) });
      return rows.map((r) => r.person_id);
    },

    async countPersonsWithoutId(): Promise<number> {
      const [row] = await db.runSql<{ n: number }>(sql.personsWithoutId);
      return row?.n ?? 0;
    },

    async allChildren(): Promise<string[]> {
      return (await db.runSql<{ person_id: string }>(sql.allChildren)).map((r) => r.person_id);
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
      // Which link columns an index serves, read once: a fetch searches through them (reach-sql.ts).
      // A read that failed (a lost connection) is not kept: the next fetch asks again.
      const links = await (indexed ??= readIndexes().catch((error: unknown) => {
        indexed = null;
        throw error;
      }));
      return (await db.runSql<FetchedSqlRow>(cached(`fetch:${def.stream}`, () => sql.fetchRows(def, links)), { person_ids: param.list(personIds) })).map(fetchedRow);
    },
  };
}
