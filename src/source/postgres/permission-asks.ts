import type { PermissionAsk, PrivilegeCheck } from '../source.js';
import type { SchemaFacts } from '../stores/schema-store.js';
import { byPrivileges, onObject, onSchema } from '../stores/permission-check.js';
import type { SqlNames } from '../sql-names.js';

/** A name as the DBA writes it in a GRANT: role names are the LA's, not names ssd-delta validated, so `"` is doubled rather than refused. */
const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * The GRANTs that give `user` what `lacking` asked about, schemas and tables that lack the same
 * privileges in one GRANT (`EXECUTE` is on a function). `OWNER` is not granted: the table's owner (or a superuser) hands it
 * over with ALTER TABLE ... OWNER TO.
 */
export function postgresGrants(user: string, lacking: readonly PrivilegeCheck[]): string {
  const lines: string[] = [];
  for (const { privileges, targets } of byPrivileges(lacking.filter((c) => c.on === 'schema'), (c) => q(c.schema))) lines.push(`GRANT ${privileges.join(', ')} ON SCHEMA ${targets.join(', ')} TO ${q(user)};`);
  const tables = lacking.filter((c) => c.on === 'object' && c.privilege !== 'OWNER' && c.privilege !== 'EXECUTE');
  for (const { privileges, targets } of byPrivileges(tables, (c) => `${q(c.schema)}.${q(c.name)}`)) lines.push(`GRANT ${privileges.join(', ')} ON ${targets.join(', ')} TO ${q(user)};`);
  for (const c of lacking.filter((c) => c.on === 'object' && c.privilege === 'EXECUTE')) lines.push(`GRANT EXECUTE ON FUNCTION ${q(c.schema)}.${q(c.name)} TO ${q(user)};`);
  for (const c of lacking.filter((c) => c.privilege === 'OWNER')) lines.push(`ALTER TABLE ${q(c.schema)}.${q(c.name)} OWNER TO ${q(user)};  -- as its owner, or run init as that role`);
  return lines.join('\n');
}

/** What ssd-delta writes and reads in its own tables. */
const DML = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/**
 * What the migrations and ssd-delta's own tables need on Postgres: USAGE and CREATE on its schema
 * (every init, for its ledger), and the ownership of its tables a pending migration alters (made
 * by another role: the DBA's psql script); SELECT, INSERT, UPDATE, DELETE on its tables to run
 * (the login owns what its own init creates); USAGE on the SSD's schema and SELECT on the SSD
 * tables.
 */
export function postgresSchemaAsks(names: SqlNames, facts: SchemaFacts, ownTables: readonly string[]): PermissionAsk[] {
  const own = names.schema;
  const grant = (lacking: readonly PrivilegeCheck[]): string => postgresGrants(facts.user, lacking);
  const installed = facts.staging.state === 'installed';
  const asks: PermissionAsk[] = [
    // Every init runs CREATE TABLE IF NOT EXISTS for its ledger, which Postgres allows only with CREATE, even when the table is there.
    { when: 'init', step: 'staging', permission: `USAGE and CREATE on schema ${own}`, purpose: "create ssd-delta's tables there (the migrations; every init also runs CREATE TABLE IF NOT EXISTS for its ledger, which Postgres checks even when the table is there)", checks: [onSchema(own, 'USAGE'), onSchema(own, 'CREATE')], grant },
  ];
  if (facts.staging.pending.length > 0 && installed) {
    asks.push({ when: 'init', step: 'staging', permission: "ownership of ssd-delta's tables", purpose: 'alter them (the pending migrations)', checks: ownTables.map((t) => onObject(own, t, 'OWNER')), grant });
  }
  if (installed) asks.push({ when: 'run', step: 'staging', permission: "SELECT, INSERT, UPDATE, DELETE on ssd-delta's tables", purpose: 'write them on every run', checks: ownTables.flatMap((t) => DML.map((p) => onObject(own, t, p))), grant });
  asks.push({
    when: 'run',
    step: 'ssd',
    permission: `USAGE on schema ${names.ssdSchema} and SELECT on the SSD tables`,
    purpose: 'read the SSD on every run (init does not see an SSD table the login may not read)',
    checks: [onSchema(names.ssdSchema, 'USAGE'), ...facts.ssdTables.map((t) => onObject(names.ssdSchema, t, 'SELECT'))],
    grant,
  });
  return asks;
}
