import type { PermissionAsk } from '../source.js';
import { onDatabase, onObject, onSchema, onSsdTable } from '../stores/permission-check.js';
import type { SchemaFacts } from '../stores/schema-store.js';
import type { SqlNames } from '../sql-names.js';
import { grantLines, mssqlGrants, type MssqlGrant, type MssqlGrantFor } from './grants.js';

/** What ssd-delta writes and reads in its own tables. */
const DML = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/**
 * A name as the DBA writes it in a GRANT (`[LA\svc_ssd]`): users and databases are the LA's,
 * not names ssd-delta validated, so `]` is doubled rather than refused.
 */
export function bracketed(name: string): string {
  return `[${name.replace(/]/g, ']]')}]`;
}

/** The GRANT list for this database user (grants.ts), each entry's lines as an ask's grant; `database` as the GRANT writes it. */
export function grantsFor(names: SqlNames, captureMode: 'fingerprint' | 'direct', options: { user: string; database: string; ownTables: readonly string[]; ssdTables: number }): (what: MssqlGrantFor) => () => string {
  const grants: MssqlGrant[] = mssqlGrants({
    names,
    captureMode,
    ownTables: options.ownTables.map((t) => names.own(t)),
    ssdTables: options.ssdTables,
    grantee: bracketed(options.user),
    database: options.database,
  });
  return (what) => () => grantLines(grants, what);
}

/**
 * What the migrations and ssd-delta's own tables need on SQL Server, in HAS_PERMS_BY_NAME's
 * terms: CREATE TABLE and CREATE FUNCTION, and ALTER on its schema, while a migration is to be
 * applied; SELECT, INSERT, UPDATE and DELETE on its tables (init records each migration in its
 * ledger); EXECUTE on its function; SELECT on the SSD tables. Its tables apart from the SSD's are
 * asked about (and granted) on its schema; beside the SSD's, on each table once they are there.
 */
export function mssqlSchemaAsks(names: SqlNames, facts: SchemaFacts, ownTables: readonly string[], grant: (what: MssqlGrantFor) => () => string): PermissionAsk[] {
  const migrating = facts.staging.pending.length > 0;
  const perObject = names.schema === names.ssdSchema && facts.staging.state === 'installed';
  const own = names.schema;
  const asks: PermissionAsk[] = [];
  if (migrating) {
    asks.push(
      { when: 'init', step: 'staging', permission: 'CREATE TABLE and CREATE FUNCTION in the database', purpose: "create ssd-delta's tables and function (the migrations)", checks: [onDatabase('CREATE TABLE'), onDatabase('CREATE FUNCTION')], grant: grant('create-objects') },
      { when: 'init', step: 'staging', permission: `ALTER on schema ${own}`, purpose: 'create and alter its objects there (the migrations)', checks: [onSchema(own, 'ALTER')], grant: grant('alter-own-schema') },
    );
  }
  asks.push(
    {
      when: migrating ? 'init' : 'run',
      step: 'staging',
      permission: `SELECT, INSERT, UPDATE, DELETE on ssd-delta's tables in ${own}`,
      purpose: migrating ? 'record each migration in its ledger, and write its tables on every run' : 'write its tables on every run',
      checks: perObject ? ownTables.flatMap((t) => DML.map((p) => onObject(own, t, p))) : DML.map((p) => onSchema(own, p)),
      grant: grant('own-tables'),
    },
    { when: 'run', step: 'staging', permission: `EXECUTE on ${own}.ssd_delta_unconfirmed_with`, purpose: 'claim batches to send', checks: [perObject ? onObject(own, 'ssd_delta_unconfirmed_with', 'EXECUTE') : onSchema(own, 'EXECUTE')], grant: grant('own-function') },
    { when: 'run', step: 'ssd', permission: `SELECT on the SSD tables in ${names.ssdSchema}`, purpose: 'read the SSD on every run', checks: facts.ssdTables.map((t) => onSsdTable(names.ssdSchema, t, 'SELECT')), grant: grant('read-ssd') },
  );
  return asks;
}
