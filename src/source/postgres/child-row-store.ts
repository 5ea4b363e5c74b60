import type { PersonIdColumn, StreamDefinition } from '../../streams/stream-definition.js';
import { fetchedRow, type FetchedSqlRow } from '../row-mapping.js';
import type { ChildRowStore, FetchedRow } from '../source.js';
import { sqlCache, sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import type { PgQueryable } from './pg-connection.js';
import { childrenOfSql, childrenOfStreamSql, fetchRowsSql, type IndexedColumn } from './stream-sql.js';

/** Touch mapping and set-based fetch on Postgres, SQL generated per stream and cached. */
export function postgresChildRowStore(db: PgQueryable, names: SqlNames, fingerprints: boolean, people: PersonIdColumn): ChildRowStore {
  const cached = sqlCache();
  const person = names.ssd(people.table);
  const id = people.column;
  let indexed: Promise<IndexedColumn> | null = null;
  return {
    async childrenOf(def: StreamDefinition, rowKeys: readonly string[]): Promise<string[]> {
      if (rowKeys.length === 0) return [];
      const rows = await db.query<{ person_id: string }>(cached(`touch:${def.stream}`, () => childrenOfSql(def, fingerprints, names)), [rowKeys, def.stream]);
      return rows.map((r) => r.person_id);
    },

    async childrenOfStream(def: StreamDefinition): Promise<string[]> {
      const { sql, byStream } = childrenOfStreamSql(def, names);
      const rows = await db.query<{ person_id: string }>(sql, byStream ? [def.stream] : []);
      return rows.map((r) => r.person_id);
    },

    async countPersonsWithoutId(): Promise<number> {
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${person} WHERE ${id} IS NULL OR btrim(${id}::text) = ''`);
      return row?.n ?? 0;
    },

    async allChildren(): Promise<string[]> {
      const rows = await db.query<{ person_id: string }>(
        `SELECT ${id}::text AS person_id FROM ${person} WHERE btrim(${id}::text) <> ''
         UNION SELECT person_id FROM ${names.staging}`,
      );
      return rows.map((r) => r.person_id);
    },

    async childrenDue(day: string): Promise<string[]> {
      const rows = await db.query<{ person_id: string }>(cached('due', () => sqlFile('postgres', 'queries/children-due.sql', names)), [day]);
      return rows.map((r) => r.person_id);
    },

    async isEmpty(def: StreamDefinition): Promise<boolean> {
      const [row] = await db.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${names.ssd(def.table)}) AS empty`);
      return row?.empty ?? true;
    },

    async fetchRows(def: StreamDefinition, personIds: readonly string[]): Promise<FetchedRow[]> {
      if (personIds.length === 0) return [];
      // Which link columns an index serves, read once: a fetch searches through them (stream-sql.ts).
      // A read that failed (a lost connection) is not kept: the next fetch asks again.
      const links = await (indexed ??= indexedColumns(db, names.ssdSchema).catch((error: unknown) => {
        indexed = null;
        throw error;
      }));
      return (await db.query<FetchedSqlRow>(cached(`fetch:${def.stream}`, () => fetchRowsSql(def, names, links)), [personIds])).map(fetchedRow);
    },
  };
}

/**
 * The SSD schema's columns that lead an index an equality search can use: `table.column`. A
 * B-tree or hash index, whole (no WHERE), valid, and in the column's own collation; expression
 * indexes lead with no column.
 */
async function indexedColumns(db: PgQueryable, schema: string): Promise<IndexedColumn> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_index i
       JOIN pg_class x ON x.oid = i.indexrelid
       JOIN pg_am m ON m.oid = x.relam AND m.amname IN ('btree', 'hash')
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace s ON s.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
      WHERE s.nspname = $1 AND i.indisvalid AND i.indpred IS NULL AND i.indcollation[0] IN (0, a.attcollation)`,
    [schema],
  );
  const led = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  return (table, column) => led.has(`${table}.${column}`);
}
