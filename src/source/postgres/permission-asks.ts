import type { PermissionAsk, PrivilegeCheck } from '../source.js';
import type { SchemaFacts } from '../stores/schema-store.js';
import { byPrivileges, onFunction, onObject, onSchema } from '../stores/permission-check.js';
import type { SqlNames } from '../sql-names.js';

/** A name as the DBA writes it in a GRANT: role names are the LA's, not names ssd-delta validated, so `"` is doubled rather than refused. */
const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** At most this many tables in one GRANT line. */
const TABLES_A_LINE = 4;

/**
 * The GRANTs that give `user` what `lacking` asked about, schemas and tables that lack the same
 * privileges in one GRANT (a few tables a line). `OWNER` is not granted: a superuser hands the table or
 * function over with ALTER ... OWNER TO (or makes the login a member of the owner's role instead).
 */
export function postgresGrants(user: string, lacking: readonly PrivilegeCheck[]): string {
  const lines: string[] = [];
  const to = q(user);
  for (const { privileges, targets } of byPrivileges(lacking.filter((c) => c.on === 'schema'), (c) => q(c.schema))) lines.push(`GRANT ${privileges.join(', ')} ON SCHEMA ${targets.join(', ')} TO ${to};`);
  const tables = lacking.filter((c) => c.on === 'object' && c.privilege !== 'OWNER');
  for (const { privileges, targets } of byPrivileges(tables, (c) => `${q(c.schema)}.${q(c.name)}`)) {
    // A few tables a line, so that a DBA reads each GRANT whole.
    for (let i = 0; i < targets.length; i += TABLES_A_LINE) lines.push(`GRANT ${privileges.join(', ')} ON ${targets.slice(i, i + TABLES_A_LINE).join(', ')} TO ${to};`);
  }
  for (const c of lacking.filter((c) => c.on === 'function' && c.privilege !== 'OWNER')) lines.push(`GRANT ${c.privilege} ON FUNCTION ${q(c.schema)}.${q(c.name)} TO ${to};`);
  for (const c of lacking.filter((c) => c.privilege === 'OWNER')) lines.push(`ALTER ${c.on === 'function' ? 'FUNCTION' : 'TABLE'} ${q(c.schema)}.${q(c.name)} OWNER TO ${to};`);
  return lines.join('\n');
}

/** What ssd-delta writes and reads in its own tables. */
const DML = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/** ssd-delta's functions a run calls (the capture function is the triggers', asked with them). */
const RUN_FUNCTIONS = ['ssd_delta_snapshot', 'ssd_delta_unconfirmed_with'];

/** The last part of a name as a migration writes it (`"public"."t"`, `"public".t`), unquoted. */
const unqualified = (name: string): string => (name.split('.').at(-1) ?? '').replace(/"/g, '');

/**
 * What the pending migrations (their scripts, names filled in) act on that only an owner may:
 * the tables they alter or index (ALTER TABLE, CREATE INDEX ... ON: Postgres checks ownership
 * even when the column or index is there) and the functions they replace (CREATE OR REPLACE
 * FUNCTION, REVOKE on one). A table or function not there yet counts for nothing: init creates it.
 */
export function ownedByMigrations(scripts: readonly string[]): { tables: string[]; functions: string[] } {
  const code = scripts.map((s) => s.replace(/--[^\n]*/g, '').replace(/\$(\w*)\$[\s\S]*?\$\1\$/g, '')).join('\n');
  const all = (re: RegExp): string[] => [...new Set([...code.matchAll(re)].map((m) => unqualified(m[1] ?? '')))];
  return {
    tables: all(/\b(?:ALTER TABLE(?: IF EXISTS)?(?: ONLY)?|CREATE (?:UNIQUE )?INDEX(?: CONCURRENTLY)?(?: IF NOT EXISTS)? \S+ ON(?: ONLY)?)\s+([^\s(]+)/gi),
    functions: all(/\b(?:CREATE OR REPLACE FUNCTION|ALTER FUNCTION|ON FUNCTION)\s+([^\s(]+)\s*\(/gi),
  };
}

/**
 * What the migrations and ssd-delta's own tables need on Postgres. While its ledger cannot be
 * read, only what reading it needs (which migrations are pending is not known until then).
 * Otherwise USAGE and CREATE on its schema (every init, for its ledger), the ownership of each
 * table and function a pending migration alters or replaces (made by another role: the DBA's psql
 * script), SELECT, INSERT, UPDATE, DELETE on its tables (init records each migration in the
 * ledger; every run writes them), EXECUTE on the functions a run calls, and USAGE on the SSD's
 * schema with SELECT on the SSD tables.
 */
export function postgresSchemaAsks(names: SqlNames, facts: SchemaFacts, ownTables: readonly string[], pendingScripts: readonly string[]): PermissionAsk[] {
  const own = names.schema;
  const grant = (lacking: readonly PrivilegeCheck[]): string => postgresGrants(facts.user, lacking);
  const readSsd: PermissionAsk = {
    when: 'run',
    step: 'ssd',
    permission: `USAGE on schema ${names.ssdSchema} and SELECT on the SSD tables`,
    purpose: 'read the SSD (init finds only the tables the login may read)',
    checks: [onSchema(names.ssdSchema, 'USAGE'), ...facts.ssdTables.map((t) => onObject(names.ssdSchema, t, 'SELECT'))],
    grant,
  };
  if (facts.staging.unknown !== null) {
    const ledger = { when: 'init', step: 'staging', permission: `SELECT on ${own}.ssd_delta_migration`, purpose: 'read which migrations are applied (then run the check again)', checks: [onSchema(own, 'USAGE'), onObject(own, 'ssd_delta_migration', 'SELECT')], grant } as const;
    return [ledger, readSsd];
  }
  const installed = facts.staging.state === 'installed';
  const migrating = facts.staging.pending.length > 0;
  // Every init runs CREATE TABLE IF NOT EXISTS for its ledger, which Postgres allows only with CREATE, even when the table is there.
  const asks: PermissionAsk[] = [{ when: 'init', step: 'staging', permission: `USAGE and CREATE on schema ${own}`, purpose: "create ssd-delta's tables (every init: CREATE TABLE IF NOT EXISTS of its ledger)", checks: [onSchema(own, 'USAGE'), onSchema(own, 'CREATE')], grant }];
  if (migrating && installed) {
    const owned = ownedByMigrations(pendingScripts);
    const checks = [...owned.tables.map((t) => onObject(own, t, 'OWNER')), ...owned.functions.map((f) => onFunction(own, f, 'OWNER'))];
    asks.push({ when: 'init', step: 'staging', permission: 'ownership of what the pending migrations alter', purpose: 'apply them (ALTER TABLE, CREATE INDEX, CREATE OR REPLACE FUNCTION)', checks, grant });
  }
  if (installed) {
    asks.push(
      { when: migrating ? 'init' : 'run', step: 'staging', permission: "SELECT, INSERT, UPDATE, DELETE on ssd-delta's tables", purpose: migrating ? 'record each migration in its ledger; write them on every run' : 'write them on every run', checks: ownTables.flatMap((t) => DML.map((p) => onObject(own, t, p))), grant },
      { when: 'run', step: 'staging', permission: `EXECUTE on ${RUN_FUNCTIONS.join(', ')}`, purpose: 'read changes and claim batches', checks: RUN_FUNCTIONS.map((f) => onFunction(own, f, 'EXECUTE')), grant },
    );
  }
  asks.push(readSsd);
  return asks;
}
