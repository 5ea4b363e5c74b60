import { sqlServerError, type RecordedRequest } from './fake-mssql-pool.js';

/**
 * A SQL Server database as a login sees it through the catalog: its schemas, tables (columns,
 * primary keys), ssd-delta's ledger, the database settings, Change Tracking, and the permissions
 * the login holds. It answers the catalog reads `init --check` sends, from its state, as SQL
 * Server is documented to: HAS_PERMS_BY_NAME counts a grant on the database or schema for
 * everything in it and db_owner for all, returns NULL for an object that is not there or that the
 * login may not see; sys.tables, sys.columns and
 * INFORMATION_SCHEMA show a login only the tables it holds some permission on (metadata
 * visibility); reading a table without SELECT fails (229) and one that is not there fails (208).
 * A statement that writes (or takes a lock) is refused, and so is any statement it does not
 * know: whatever the check sends must be modelled here.
 */
export interface MssqlCatalogState {
  version: string;
  compatibility: number;
  database: string;
  user: string;
  /** db_owner: every permission in the database. */
  owner: boolean;
  /** Granted: `DATABASE::ALTER`, `SCHEMA:ssd_delta:ALTER`, `OBJECT:ssd_development.ssd_person:SELECT`. */
  grants: Set<string>;
  schemas: string[];
  /** By `schema.table`: columns, and the primary key ([] none). */
  tables: Map<string, { columns: string[]; primaryKey: string[] }>;
  /** ssd-delta's ledger rows (read when its table is in `tables`). */
  ledger: Array<{ name: string; staging_table: string }>;
  snapshot: 'OFF' | 'ON';
  tracking: { retentionMinutes: number; autoCleanup: boolean } | null;
  /** Tables Change Tracking is on for, `schema.table`. */
  tracked: Set<string>;
}

/** True when a statement would change something (or take a lock): what init --check must never send. */
export function writes(sql: string): boolean {
  const code = sql.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
  return /\b(ALTER|CREATE|INSERT|UPDATE|DELETE|MERGE|DROP|TRUNCATE|GRANT|REVOKE|EXEC|EXECUTE)\b|sp_getapplock|BEGIN\s+TRAN/i.test(code);
}

const param = (r: RecordedRequest, name: string): unknown => r.params.find((p) => p.name === name)?.value;
const jsonParam = <T>(r: RecordedRequest, name: string): T => JSON.parse(String(param(r, name))) as T;
/** `[schema].[table]` or `schema.table` as the model's key. */
const key = (qualified: string): string => qualified.replace(/[[\]]/g, '');

/**
 * HAS_PERMS_BY_NAME of the state's login: 1, 0, or NULL when the securable is not found, which
 * Microsoft documents for a securable that is not there and which metadata visibility makes of
 * one the login may not see (documented behaviour: not checked against a real server).
 */
function hasPerms(s: MssqlCatalogState, on: string, schema: string, name: string, privilege: string): number | null {
  if (on === 'schema' && !s.schemas.includes(schema)) return null;
  // ssd-delta's function is there when its migrations are (the model keeps tables only).
  const there = s.tables.has(`${schema}.${name}`) || (name === 'ssd_delta_unconfirmed_with' && s.tables.has(`${schema}.ssd_delta_migration`));
  if (on === 'object' && !(there && visible(s, `${schema}.${name}`))) return null;
  const held = s.owner || s.grants.has(`DATABASE::${privilege}`) || (on !== 'database' && s.grants.has(`SCHEMA:${schema}:${privilege}`)) || (on === 'object' && s.grants.has(`OBJECT:${schema}.${name}:${privilege}`));
  return held ? 1 : 0;
}

/** Whether the login sees a table in the catalog: it holds some permission on it, its schema, or owns the database. */
function visible(s: MssqlCatalogState, table: string): boolean {
  const schema = table.split('.')[0];
  return s.owner || [...s.grants].some((g) => g.startsWith(`OBJECT:${table}:`) || g.startsWith(`SCHEMA:${schema}:`) || g === 'DATABASE::SELECT');
}

/** Reads a table the way a SELECT on it goes: 208 when it is not there, 229 without SELECT. */
function readTable<T>(s: MssqlCatalogState, table: string, rows: () => T[]): T[] | Error {
  if (!s.tables.has(table) || !visible(s, table)) return sqlServerError(208, `Invalid object name '${table}'.`);
  const [schema = '', name = ''] = table.split('.');
  if (!hasPerms(s, 'object', schema, name, 'SELECT')) return sqlServerError(229, `The SELECT permission was denied on the object '${name}', database '${s.database}', schema '${schema}'.`);
  return rows();
}

/** The answer to one request, from the state (an Error to throw). */
export function answerFromCatalog(s: MssqlCatalogState, r: RecordedRequest): unknown[] | Error {
  if (writes(r.sql)) return new Error(`the catalog model refuses a statement that writes: ${r.name}`);
  const tablesIn = (schema: string, names: string[]) => names.map((t) => `${schema}.${t}`).filter((t) => s.tables.has(t) && visible(s, t));
  switch (r.name) {
    case 'read-schemas.sql':
      return [{ own: s.schemas.includes(String(param(r, 'schema'))), ssd: s.schemas.includes(String(param(r, 'ssd_schema'))) }];
    case 'read-table-columns.sql': {
      const table = `${param(r, 'schema')}.${param(r, 'table')}`;
      return visible(s, table) ? (s.tables.get(table)?.columns ?? []).map((name) => ({ name })) : [];
    }
    case 'read-ledger.sql':
    case 'read-other-staging.sql': {
      const schema = /FROM \[(\w+)\]\.ssd_delta_migration/.exec(r.sql)?.[1] ?? '';
      const staging = String(param(r, 'staging_table'));
      return readTable<Record<string, string>>(s, `${schema}.ssd_delta_migration`, () =>
        r.name === 'read-ledger.sql' ? s.ledger.filter((l) => l.staging_table === staging).map((l) => ({ name: l.name })) : [...new Set(s.ledger.filter((l) => l.staging_table !== staging).map((l) => l.staging_table))].map((t) => ({ staging_table: t })),
      );
    }
    case 'read-ssd-columns.sql': {
      const wanted = new Set(jsonParam<string[]>(r, 'tables'));
      return [...s.tables].filter(([t]) => wanted.has(t.split('.')[1] ?? '') && visible(s, t)).flatMap(([t, { columns }]) => columns.map((c) => ({ schema_name: t.split('.')[0], table_name: t.split('.')[1], column_name: c })));
    }
    case 'read-permissions.sql':
      return jsonParam<Array<{ id: number; on_what: string; schema_name: string; object_name: string; privilege: string }>>(r, 'checks').map((c) => ({ id: c.id, held: hasPerms(s, c.on_what, c.schema_name, c.object_name, c.privilege) }));
    case 'generated: capture settings (init --check)': {
      const threshold = Number(/END < (\d+)\)/.exec(r.sql)?.[1]);
      return [{
        snapshot: s.snapshot,
        snapshot_off: s.snapshot === 'OFF' ? 1 : 0,
        tracking_off: s.tracking === null ? 1 : 0,
        retention_short: s.tracking !== null && s.tracking.retentionMinutes < threshold ? 1 : 0,
        database_name: s.database,
        user_name: s.user,
        fingerprint_there: s.tables.has(key(String(param(r, 'fingerprint')))) ? 1 : 0,
      }];
    }
  }
  if (/^SELECT CAST\(SERVERPROPERTY/.test(r.name)) return [{ version: s.version, edition: 3, compatibility: s.compatibility, user_name: s.user }];
  if (/^SELECT name FROM sys\.tables/.test(r.name)) return tablesIn(String(param(r, 'schema')), jsonParam<string[]>(r, 'tables')).map((t) => ({ name: t.split('.')[1] }));
  if (/JOIN sys\.change_tracking_tables/.test(r.sql)) return jsonParam<string[]>(r, 'tables').filter((t) => s.tracked.has(key(t))).map((name) => ({ name }));
  if (/FROM sys\.change_tracking_databases/.test(r.sql)) return s.tracking ? [{ minutes: s.tracking.retentionMinutes, auto_cleanup: s.tracking.autoCleanup }] : [];
  if (/^SELECT t\.name AS table_name, c\.name AS column_name/.test(r.name)) {
    return tablesIn(String(param(r, 'schema')), jsonParam<string[]>(r, 'tables')).flatMap((t) => (s.tables.get(t)?.primaryKey ?? []).map((c) => ({ table_name: t.split('.')[1], column_name: c })));
  }
  return new Error(`the catalog model does not know this statement: ${r.name}`);
}
