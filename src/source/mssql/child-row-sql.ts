import type { PersonIdColumn, StreamDefinition } from '../../streams/stream-definition.js';
import type { SqlNames } from '../sql-names.js';
import type { ChildRowSql } from '../stores/child-row-store.js';
import { mssqlReach } from './stream-sql.js';

/** The child-row store's statements on SQL Server (see ChildRowSql). */
export function mssqlChildRowSql(names: SqlNames, fingerprints: boolean, people: PersonIdColumn): ChildRowSql {
  const person = names.ssd(people.table);
  const id = people.column;
  const ssdChildren = `SELECT DISTINCT CONVERT(NVARCHAR(48), ${id}) COLLATE DATABASE_DEFAULT AS person_id FROM ${person} WHERE LTRIM(RTRIM(CONVERT(NVARCHAR(48), ${id}))) <> N''`;
  return {
    reach: mssqlReach(names),
    fingerprints,
    personsWithoutId: `SELECT COUNT(*) AS n FROM ${person} WHERE ${id} IS NULL OR LTRIM(RTRIM(CONVERT(NVARCHAR(48), ${id}))) = N''`,
    allChildren: `${ssdChildren}
 UNION SELECT person_id FROM ${names.staging}`,
    ssdChildren,
    isEmpty: (def: StreamDefinition) => `SELECT CAST(CASE WHEN EXISTS (SELECT 1 FROM ${names.ssd(def.table)}) THEN 0 ELSE 1 END AS BIT) AS empty`,
    // Fetches join by the links as they are: the search through indexes is Postgres's (reach-sql.ts's linkedIdCondition).
    indexes: null,
  };
}
