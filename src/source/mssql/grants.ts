import type { SqlNames } from '../sql-names.js';

/** What a GRANT of ssd-delta's list is for. */
export type MssqlGrantFor =
  | 'read-ssd' // SELECT on the SSD tables
  | 'own-tables' // SELECT, INSERT, UPDATE, DELETE on ssd-delta's own tables
  | 'own-function' // EXECUTE on its function
  | 'view-tracking' // VIEW CHANGE TRACKING on the tables capture reads
  | 'create-objects' // init: CREATE TABLE, CREATE FUNCTION
  | 'alter-own-schema' // init: ALTER on its schema (create and alter its objects, track its fingerprint table)
  | 'alter-ssd-schema' // init, direct mode: turn Change Tracking on for the SSD tables
  | 'alter-database'; // init: snapshot isolation and Change Tracking on the database

/** One entry of the GRANT list: the lines the DBA runs, with their comments. */
export interface MssqlGrant {
  readonly for: MssqlGrantFor;
  /** Only `init` needs it (the DBA may run the printed script instead). */
  readonly initOnly: boolean;
  readonly lines: readonly string[];
}

/** What the GRANT list is written for. */
export interface GrantOptions {
  readonly names: SqlNames;
  readonly captureMode: 'fingerprint' | 'direct';
  /** ssd-delta's own tables, qualified (ownTables in schema-store.ts). */
  readonly ownTables: readonly string[];
  /** How many SSD tables the streams read (said in a comment). */
  readonly ssdTables: number;
  /** The database user, quoted (the printed script: the placeholder `ssd_delta_login`). */
  readonly grantee: string;
  /** The database, quoted (the printed script: `[your database]`). */
  readonly database: string;
}

/**
 * The permissions the login ssd-delta runs as needs, each as the GRANT the DBA runs: reading the
 * SSD tables, writing its own tables, reading Change Tracking of the tables it is read from, and
 * (init only) creating its objects and making the database settings. When its tables share the
 * SSD's schema, it is granted on its own objects one by one, never on every table of the LA's.
 * The printed script lists them (install-script.ts) and `init --check` prints those it lacks.
 */
export function mssqlGrants(options: GrantOptions): MssqlGrant[] {
  const { names, grantee: to } = options;
  const own = names.placeholders.schema;
  const ssd = names.placeholders.ssd_schema;
  const unconfirmed = names.own('ssd_delta_unconfirmed_with');
  const shared = own === ssd;
  const run = (what: MssqlGrantFor, ...lines: string[]): MssqlGrant => ({ for: what, initOnly: false, lines });
  const init = (what: MssqlGrantFor, ...lines: string[]): MssqlGrant => ({ for: what, initOnly: true, lines });
  return [
    run('read-ssd', `GRANT SELECT ON SCHEMA::${ssd} TO ${to};  -- the SSD tables (or GRANT SELECT on each: ${options.ssdTables} tables)`),
    shared
      ? run('own-tables', ...options.ownTables.map((t) => `GRANT SELECT, INSERT, UPDATE, DELETE ON ${t} TO ${to};`))
      : run('own-tables', `GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::${own} TO ${to};  -- ssd-delta's own tables (ssd_delta_* and ${names.stagingTable})`),
    shared ? run('own-function', `GRANT EXECUTE ON ${unconfirmed} TO ${to};`) : run('own-function', `GRANT EXECUTE ON SCHEMA::${own} TO ${to};  -- ${unconfirmed}`),
    options.captureMode === 'fingerprint'
      ? run('view-tracking', `GRANT VIEW CHANGE TRACKING ON ${names.own('ssd_delta_fingerprint')} TO ${to};`)
      : run('view-tracking', `GRANT VIEW CHANGE TRACKING ON SCHEMA::${ssd} TO ${to};  -- the SSD tables (a table the SSD script drops and creates again keeps it)`),
    init('create-objects', `GRANT CREATE TABLE, CREATE FUNCTION TO ${to};`),
    init('alter-own-schema', `GRANT ALTER ON SCHEMA::${own} TO ${to};`),
    ...(options.captureMode === 'direct' ? [init('alter-ssd-schema', `GRANT ALTER ON SCHEMA::${ssd} TO ${to};  -- to turn Change Tracking on for the SSD tables`)] : []),
    init('alter-database', `GRANT ALTER ON DATABASE::${options.database} TO ${to};  -- for the database settings (snapshot isolation, Change Tracking)`),
  ];
}

/** The lines of one entry of the list. */
export function grantLines(grants: readonly MssqlGrant[], what: MssqlGrantFor): string {
  return grants.filter((g) => g.for === what).flatMap((g) => g.lines).join('\n');
}

/**
 * The GRANT list as the printed script ends (and `init` prints when it lacks a permission):
 * those for running, then, commented out, those only `init` needs.
 */
export function renderGrants(grants: readonly MssqlGrant[]): string {
  return [
    '-- Replace ssd_delta_login with the database user ssd-delta connects as.',
    ...grants.filter((g) => !g.initOnly).flatMap((g) => g.lines),
    '-- Only if ssd-delta itself should run `init` (create and upgrade its tables, and make the database settings) instead of the DBA running this script:',
    ...grants.filter((g) => g.initOnly).flatMap((g) => g.lines.map((line) => `-- ${line}`)),
  ].join('\n');
}
