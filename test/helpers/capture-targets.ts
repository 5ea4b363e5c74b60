import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, PACKAGE_ROOT } from '../../src/config/load-config.js';
import { mssqlPoolConfig, mssqlSettings } from '../../src/source/mssql/mssql-settings.js';
import { mssqlSourceOn, openMssqlConnection } from '../../src/source/mssql/open-mssql.js';
import { postgresSource } from '../../src/source/postgres/postgres-source.js';
import type { PgConnection } from '../../src/source/postgres/pg-connection.js';
import type { StreamDefinition } from '../../src/streams/stream-definition.js';
import type { Source } from '../../src/source/source.js';
import { sqlNames, type SchemaPlacement } from '../../src/source/sql-names.js';
import { dialectTargets, STREAMS } from './test-sources.js';
import { mssqlTestSql, type TestSql } from './test-sql.js';

/** Settings a suite may give a second source over the same database (see PortDatabase.sourceWith). */
export interface SourceSettings {
  readonly mode?: 'fingerprint' | 'direct';
  readonly stagingTable?: string;
  /** Stream definitions under an LA's own names (ssd.variant, ssd.tables, ssd.columns). */
  readonly streams?: readonly StreamDefinition[];
}

/** A database reached only through the dialect port (what every dialect, SQL Server included, offers). */
export interface PortDatabase {
  readonly name: string;
  readonly source: Source;
  /** The raw Postgres connection, on Postgres targets only. */
  readonly connection?: PgConnection;
  /** Test SQL written to run on every dialect (see TestSql). */
  readonly sql: TestSql;
  /** The database.url a child `ssd-delta` process is given for this database (servers only). */
  readonly url?: string;
  /**
   * Opens a second, independent ssd-delta source on this database (another process's pool), on
   * servers only (absent on PGlite).
   */
  openTwin?(): Promise<Source>;
  /**
   * This database through the same connection with other settings: another capture mode, another
   * staging table name, streams under other names (closed with it, not alone). Each call gives a fresh source, which reads
   * the tables' columns anew.
   */
  sourceWith?(settings: SourceSettings): Promise<Source>;
  dispose(): Promise<void>;
}

/** A dialect the port-level suites run on, in a given capture mode. */
export interface CaptureTarget {
  readonly name: string;
  open(): Promise<PortDatabase>;
}

/**
 * Tables the live SQL Server suite drops before it starts: every table ssd-delta's migrations
 * create (read from them, so a new migration is covered), its ledger, and the SSD tables it seeds.
 */
function mssqlResetSql(placement: SchemaPlacement): string {
  const dir = join(PACKAGE_ROOT, 'sql', 'mssql', 'migrations');
  const own = readdirSync(dir).flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/CREATE TABLE (\S+) \(/g)].map((m) => m[1] ?? ''));
  const names = sqlNames('mssql', placement);
  const tables = [
    ...own.map((t) => t.replace('{{staging}}', names.placeholders.staging ?? '').replace('{{schema}}', names.placeholders.schema ?? '')),
    names.own('ssd_delta_migration'),
    ...new Set(STREAMS.map((s) => names.ssd(s.table))),
  ];
  const drops = tables.map((t) => `IF OBJECT_ID(N'${t}', N'U') IS NOT NULL DROP TABLE ${t};`);
  const unconfirmed = names.own('ssd_delta_unconfirmed_with');
  return [...drops, `IF OBJECT_ID(N'${unconfirmed}') IS NOT NULL DROP FUNCTION ${unconfirmed};`].join('\n');
}

/**
 * The live SQL Server target (SSD_DELTA_MSSQL_URL, e.g.
 * `mssql://ssd_delta_test:...@sql01:1433/ssd_delta_test?trustServerCertificate=true`). It DROPS
 * ssd-delta's tables and the 19 SSD tables in that database before each suite, so it refuses a
 * database whose name does not say it is for tests (contains `test` or `dev`) unless
 * SSD_DELTA_MSSQL_ALLOW_ANY_DATABASE=1. See docs/sql-server.md.
 */
function mssqlLiveTarget(url: string, mode: 'fingerprint' | 'direct', schemas?: { readonly schema: string; readonly ssdSchema: string }): CaptureTarget {
  const name = `mssql ${mode}${schemas ? ' in schemas of their own' : ''}`;
  const configWith = (settings: SourceSettings = {}) =>
    loadConfig({
      env: {},
      flags: {
        'database.url': url,
        'capture.mode': settings.mode ?? mode,
        ...(schemas ? { 'database.schema': schemas.schema, 'database.ssdSchema': schemas.ssdSchema } : {}),
        ...(settings.stagingTable ? { 'database.stagingTable': settings.stagingTable } : {}),
      },
    });
  return {
    name,
    async open() {
      const config = configWith();
      const database = new URL(url.replace(/^sqlserver:/, 'mssql:')).pathname.slice(1);
      if (!/test|dev/i.test(database) && process.env.SSD_DELTA_MSSQL_ALLOW_ANY_DATABASE !== '1') {
        throw new Error(`SSD_DELTA_MSSQL_URL names database "${database}": the live suite drops and recreates the SSD tables there, so it only runs on a database whose name contains "test" or "dev" (or set SSD_DELTA_MSSQL_ALLOW_ANY_DATABASE=1)`);
      }
      const connection = await openMssqlConnection(config);
      if (schemas) {
        for (const schema of [schemas.schema, schemas.ssdSchema]) await connection.exec(`IF SCHEMA_ID(N'${schema}') IS NULL EXEC (N'CREATE SCHEMA ${schema}');`);
        // What other suites left in the login's default schema: these suites check nothing is put there.
        const plain = await mssqlSourceOn(connection, loadConfig({ env: {}, flags: { 'database.url': url } }), STREAMS);
        await connection.exec(mssqlResetSql(plain.placement));
      }
      const source = await mssqlSourceOn(connection, config, STREAMS);
      await connection.exec(mssqlResetSql(source.placement));
      return {
        name,
        source,
        sql: mssqlTestSql(connection, mssqlPoolConfig(mssqlSettings(config))),
        url,
        openTwin: async () => mssqlSourceOn(await openMssqlConnection(config), config, STREAMS),
        sourceWith: (settings) => mssqlSourceOn(connection, configWith(settings), settings.streams ?? STREAMS),
        dispose: () => source.close(),
      };
    },
  };
}

/**
 * SQL Server with the SSD in one schema and ssd-delta's tables in another, neither the login's
 * default (as SystemC's ssd_development), when SSD_DELTA_MSSQL_URL is set. It creates schemas
 * `ssd_delta_test_own` and `ssd_delta_test_ssd` in that database if they are missing.
 */
export function mssqlSchemaTargets(mode: 'fingerprint' | 'direct'): CaptureTarget[] {
  const url = process.env.SSD_DELTA_MSSQL_URL;
  return url ? [mssqlLiveTarget(url, mode, { schema: 'ssd_delta_test_own', ssdSchema: 'ssd_delta_test_ssd' })] : [];
}

/**
 * The port-level targets for a capture mode: PGlite always, the Postgres server when
 * SSD_DELTA_TEST_PG_URL is set, SQL Server when SSD_DELTA_MSSQL_URL is set.
 */
export function captureTargets(mode: 'fingerprint' | 'direct'): CaptureTarget[] {
  const targets: CaptureTarget[] = dialectTargets().map((target) => ({
    name: `${target.name} ${mode}`,
    async open() {
      const db = await target.open();
      const openConnection = db.openConnection?.bind(db);
      return {
        name: `${target.name} ${mode}`,
        source: postgresSource(db.connection, db.source.placement, STREAMS, undefined, mode),
        connection: db.connection,
        sql: db.sql,
        ...(db.url === undefined ? {} : { url: db.url }),
        ...(openConnection ? { openTwin: async () => postgresSource(await openConnection(), db.source.placement, STREAMS, undefined, mode) } : {}),
        sourceWith: async (settings) =>
          postgresSource(db.connection, { ...db.source.placement, ...(settings.stagingTable ? { stagingTable: settings.stagingTable } : {}) }, settings.streams ?? STREAMS, undefined, settings.mode ?? mode),
        dispose: () => db.dispose(),
      };
    },
  }));
  const url = process.env.SSD_DELTA_MSSQL_URL;
  if (url) targets.push(mssqlLiveTarget(url, mode));
  return targets;
}

/**
 * For suites about documents rather than capture: PGlite in its default (direct) capture, and
 * SQL Server in its default (fingerprint) when SSD_DELTA_MSSQL_URL is set.
 */
export function documentTargets(): CaptureTarget[] {
  return [...captureTargets('direct').filter((t) => t.name.startsWith('pglite')), ...captureTargets('fingerprint').filter((t) => t.name.startsWith('mssql'))];
}

/**
 * Every dialect, and both capture modes: PGlite in direct mode; the Postgres server
 * (SSD_DELTA_TEST_PG_URL) in direct mode and in fingerprint mode; SQL Server
 * (SSD_DELTA_MSSQL_URL) in fingerprint mode, its default. What a suite expects of fingerprints
 * is thus checked on Postgres before the live SQL Server run meets it. Suites use the harness'
 * guards and `settles`, and say where the modes differ.
 */
export function portTargets(): CaptureTarget[] {
  return [...captureTargets('direct').filter((t) => t.name.startsWith('pglite')), ...serverTargets()];
}

/**
 * For suites that need a second session (PGlite has one): the Postgres server in each capture
 * mode, and SQL Server in fingerprint mode.
 */
export function serverTargets(): CaptureTarget[] {
  return [...captureTargets('direct').filter((t) => t.name.startsWith('postgres')), ...captureTargets('fingerprint').filter((t) => !t.name.startsWith('pglite'))];
}
