import type { PersonIdColumn, StreamDefinition } from '../../streams/stream-definition.js';
import { fetchedRow, type FetchedSqlRow } from '../row-mapping.js';
import type { ChildRowStore, FetchedRow } from '../source.js';
import { sqlCache, sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import { param, type MssqlQueryable } from './mssql-connection.js';
import { childrenOfSql, childrenOfStreamSql, fetchRowsSql } from './stream-sql.js';

/** Touch mapping and set-based fetch on SQL Server, T-SQL generated per stream and cached. */
export function mssqlChildRowStore(db: MssqlQueryable, names: SqlNames, fingerprints: boolean, people: PersonIdColumn): ChildRowStore {
  const person = names.ssd(people.table);
  const id = people.column;
  const cached = sqlCache();
  return {
    async childrenOf(def: StreamDefinition, rowKeys: readonly string[]): Promise<string[]> {
      if (rowKeys.length === 0) return [];
      // Key parts travel apart so each joins its own column (and its index); the whole key text
      // finds the owner map's and the fingerprints' entries.
      const parts = rowKeys.map((k) => (def.key.length === 1 ? [k] : k.split('\u001f')));
      const rows = await db.query<{ person_id: string }>(cached(`touch:${def.stream}`, () => childrenOfSql(def, fingerprints, names)), {
        keys: param.json(parts),
        row_keys: param.json(rowKeys),
        stream: param.stream(def.stream),
      });
      return rows.map((r) => r.person_id);
    },

    async childrenOfStream(def: StreamDefinition): Promise<string[]> {
      const rows = await db.query<{ person_id: string }>(cached(`stream:${def.stream}`, () => childrenOfStreamSql(def, names)), { stream: param.stream(def.stream) });
      return rows.map((r) => r.person_id);
    },

    async countPersonsWithoutId(): Promise<number> {
      const [row] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${person} WHERE ${id} IS NULL OR LTRIM(RTRIM(CONVERT(NVARCHAR(48), ${id}))) = N''`);
      return row?.n ?? 0;
    },

    async allChildren(): Promise<string[]> {
      const rows = await db.query<{ person_id: string }>(
        `SELECT CONVERT(NVARCHAR(48), ${id}) COLLATE DATABASE_DEFAULT AS person_id FROM ${person} WHERE LTRIM(RTRIM(CONVERT(NVARCHAR(48), ${id}))) <> N''
         UNION SELECT person_id FROM ${names.staging}`,
      );
      return rows.map((r) => r.person_id);
    },

    async childrenDue(day: string): Promise<string[]> {
      const rows = await db.query<{ person_id: string }>(sqlFile('mssql', 'queries/children-due.sql', names), { day: param.date(day) });
      return rows.map((r) => r.person_id);
    },

    async isEmpty(def: StreamDefinition): Promise<boolean> {
      const [row] = await db.query<{ empty: boolean }>(`SELECT CAST(CASE WHEN EXISTS (SELECT 1 FROM ${names.ssd(def.table)}) THEN 0 ELSE 1 END AS BIT) AS empty`);
      return row?.empty ?? true;
    },

    async fetchRows(def: StreamDefinition, personIds: readonly string[]): Promise<FetchedRow[]> {
      if (personIds.length === 0) return [];
      return (await db.query<FetchedSqlRow>(cached(`fetch:${def.stream}`, () => fetchRowsSql(def, names)), { person_ids: param.json(personIds) })).map(fetchedRow);
    },
  };
}
