import type { PersonIdColumn, StreamDefinition } from '../../streams/stream-definition.js';
import type { SqlNames } from '../sql-names.js';
import type { ChildRowSql } from '../stores/child-row-store.js';
import { postgresReach } from './stream-sql.js';

/** The child-row store's statements on Postgres (see ChildRowSql). */
export function postgresChildRowSql(names: SqlNames, fingerprints: boolean, people: PersonIdColumn): ChildRowSql {
  const person = names.ssd(people.table);
  const id = people.column;
  const ssdChildren = `SELECT DISTINCT ${id}::text AS person_id FROM ${person} WHERE btrim(${id}::text) <> ''`;
  return {
    reach: postgresReach(names),
    fingerprints,
    personsWithoutId: `SELECT count(*)::int AS n FROM ${person} WHERE ${id} IS NULL OR btrim(${id}::text) = ''`,
    allChildren: `${ssdChildren}
 UNION SELECT person_id FROM ${names.staging}`,
    ssdChildren,
    isEmpty: (def: StreamDefinition) => `SELECT NOT EXISTS (SELECT 1 FROM ${names.ssd(def.table)}) AS empty`,
    // A B-tree or hash index, whole (no WHERE), valid, and in the column's own collation;
    // expression indexes lead with no column.
    indexes: `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_index i
       JOIN pg_class x ON x.oid = i.indexrelid
       JOIN pg_am m ON m.oid = x.relam AND m.amname IN ('btree', 'hash')
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace s ON s.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
      WHERE s.nspname = @schema AND i.indisvalid AND i.indpred IS NULL AND i.indcollation[0] IN (0, a.attcollation)`,
  };
}
