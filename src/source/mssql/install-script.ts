import type { StreamDefinition } from '../../capture/stream-definition.js';
import { VERSION } from '../../core/version.js';
import { sqlFile } from '../sql-file.js';
import { sqlNames, type SqlNames } from '../sql-names.js';
import { databaseTrackingSql, type ChangeTrackingSettings } from './capture-store.js';
import { migrationLedgerSql, mssqlMigrationFiles } from './schema-store.js';
import { enableTableTrackingSql, primaryKeyCheckSql } from './stream-sql.js';

/** What the printed script is for. */
export interface InstallScriptOptions {
  readonly stagingTable: string;
  /** Schema ssd-delta's objects go in (database.schema). */
  readonly schema: string;
  /** Schema of the SSD tables (database.ssdSchema). */
  readonly ssdSchema: string;
  readonly captureMode: 'fingerprint' | 'direct';
  readonly tracking: ChangeTrackingSettings;
  readonly streams: readonly StreamDefinition[];
}

/** The tables whose Change Tracking feeds ssd-delta, qualified. */
function trackedTables(options: InstallScriptOptions, names: SqlNames): string[] {
  return options.captureMode === 'fingerprint' ? [names.own('ssd_delta_fingerprint')] : [...new Set(options.streams.map((s) => names.ssd(s.table)))];
}

/**
 * The permissions the login ssd-delta runs as needs, as GRANT statements for the DBA (with
 * `ssd_delta_login` standing for that database user). Reading the SSD tables, owning its own
 * tables, and reading Change Tracking of the tables it is read from.
 */
export function grantStatements(options: InstallScriptOptions): string {
  const names = sqlNames('mssql', options);
  const own = names.placeholders.schema;
  const ssd = names.placeholders.ssd_schema;
  const tables = [...new Set(options.streams.map((s) => s.table))];
  return [
    `-- Replace ssd_delta_login with the database user ssd-delta connects as.`,
    `GRANT SELECT ON SCHEMA::${ssd} TO ssd_delta_login;                  -- the SSD tables (or GRANT SELECT on each: ${tables.length} tables)`,
    ...(own === ssd ? [] : [`GRANT SELECT ON SCHEMA::${own} TO ssd_delta_login;                  -- ssd-delta's own tables`]),
    `GRANT INSERT, UPDATE, DELETE ON SCHEMA::${own} TO ssd_delta_login;  -- ssd-delta's own tables (ssd_delta_* and ${options.stagingTable})`,
    `GRANT EXECUTE ON SCHEMA::${own} TO ssd_delta_login;                 -- ${names.own('ssd_delta_unconfirmed_with')}`,
    ...trackedTables(options, names).map((t) => `GRANT VIEW CHANGE TRACKING ON ${t} TO ssd_delta_login;`),
    '-- Only if ssd-delta itself should run `init` (create and upgrade its tables) instead of the DBA running this script:',
    `-- GRANT CREATE TABLE, CREATE FUNCTION TO ssd_delta_login; GRANT ALTER ON SCHEMA::${own} TO ssd_delta_login;`,
    '-- and, for the database settings above: GRANT ALTER ON DATABASE::[your database] TO ssd_delta_login;',
  ].join('\n');
}

/**
 * The first batches: sqlcmd (and SSMS in SQLCMD mode) stop at the first error (`:on error exit`);
 * a tool that does not know SQLCMD commands (SSMS without SQLCMD mode) never substitutes the
 * variable, so the script turns execution off (SET NOEXEC ON) instead of running on after errors.
 */
const STOP_AT_FIRST_ERROR = `:on error exit
GO
:setvar SsdDeltaSqlcmd "on"
GO
IF N'$(SsdDeltaSqlcmd)' <> N'on'
BEGIN
  RAISERROR(N'ssd-delta: run this script with sqlcmd -b -I (or in SSMS with Query > SQLCMD Mode on): only then does it stop at the first error. Nothing was changed.', 16, 1);
  SET NOEXEC ON;
END
GO`;

/**
 * The session options ssd-delta's objects need, set explicitly: sqlcmd starts with
 * QUOTED_IDENTIFIER OFF, under which the filtered indexes cannot be created (1934), and a
 * function keeps the ANSI_NULLS and QUOTED_IDENTIFIER it was created under. XACT_ABORT: an error
 * in a migration rolls all of it back.
 */
const SESSION_OPTIONS = 'SET ANSI_NULLS ON; SET ANSI_PADDING ON; SET ANSI_WARNINGS ON; SET ARITHABORT ON; SET CONCAT_NULL_YIELDS_NULL ON; SET QUOTED_IDENTIFIER ON; SET NUMERIC_ROUNDABORT OFF; SET XACT_ABORT ON;\nGO';

/** Stops the script when a schema it installs into or reads from is missing. */
function schemaChecks(names: SqlNames): string {
  const own = `IF SCHEMA_ID(N'${names.schema}') IS NULL
  THROW 50010, N'ssd-delta: schema ${names.schema} does not exist. Create it (CREATE SCHEMA ${names.placeholders.schema}), or print the script again with --schema naming the schema ssd-delta''s tables go in.', 1;`;
  if (names.ssdSchema === names.schema) return `${own}\nGO`;
  return `${own}
IF SCHEMA_ID(N'${names.ssdSchema}') IS NULL
  THROW 50010, N'ssd-delta: schema ${names.ssdSchema} does not exist. Print the script again with --ssd-schema naming the schema that holds the SSD tables.', 1;
GO`;
}

/**
 * One migration in one transaction: its batches, then its ledger row in the same transaction,
 * written only while the transaction is still open (XACT_ABORT rolls it back on any error), so a
 * migration that failed is never recorded as applied, however the script was run.
 */
function migrationBlock(file: string, names: SqlNames): string[] {
  const ledger = names.own('ssd_delta_migration');
  return [
    `-- ${'-'.repeat(20)} migrations/${file}`,
    'BEGIN TRANSACTION;',
    'GO',
    sqlFile('mssql', `migrations/${file}`, names),
    'GO',
    `IF @@TRANCOUNT <> 1
  THROW 50011, N'ssd-delta: migration ${file} did not finish (see the error above); it was rolled back and is not recorded', 1;
IF NOT EXISTS (SELECT 1 FROM ${ledger} WHERE name = '${file}' AND staging_table = '${names.stagingTable}')
  INSERT INTO ${ledger} (name, staging_table) VALUES ('${file}', '${names.stagingTable}');
COMMIT TRANSACTION;`,
    'GO',
  ];
}

/**
 * The whole install as one T-SQL script, for DBAs who run scripts themselves (`sqlcmd -b -I`, or
 * SSMS in SQLCMD mode): it stops at the first error, sets the session options it needs, checks
 * the schemas, makes the database settings (snapshot isolation, Change Tracking), applies every
 * migration with its ledger row in one transaction (each guarded, so running it twice changes
 * nothing), enables Change Tracking on the tables ssd-delta reads from (direct mode: after
 * checking every one has the primary key Change Tracking needs), and lists the GRANTs the
 * ssd-delta login needs. Batches are separated by GO.
 */
export function mssqlInstallScript(options: InstallScriptOptions): string {
  const names = sqlNames('mssql', options);
  const parts: string[] = [
    `-- ssd-delta ${VERSION}: install script for SQL Server 2016 SP1 (13.0.4001) or later, compatibility level 130+.`,
    '-- Run it with sqlcmd, which stops at the first error:',
    '--   sqlcmd -b -I -S <server> -d <database> -i ssd-delta-install.sql',
    '-- or in SSMS with Query > SQLCMD Mode on. Run it as a user who may ALTER DATABASE and create',
    `-- tables and functions in schema ${options.schema}. It never creates or changes an SSD table (schema ${options.ssdSchema}).`,
    `-- Staging table: ${names.staging}. Capture mode: ${options.captureMode}. Change Tracking retention: at least ${options.tracking.retentionDays} days (a longer one is kept), auto cleanup ${options.tracking.autoCleanup ? 'on' : 'off'} when this script turns tracking on.`,
    '-- Every statement is guarded: running the script again changes nothing. docs/sql-server.md explains each part.',
    STOP_AT_FIRST_ERROR,
    SESSION_OPTIONS,
    '-- 0. The schemas exist.',
    schemaChecks(names),
    '-- 1. Database settings: snapshot isolation (capture reads under it) and Change Tracking.',
    databaseTrackingSql(options.tracking),
    'GO',
    "-- 2. ssd-delta's own tables (sql/mssql/migrations), and the ledger `ssd-delta init` reads to know they are there.",
    migrationLedgerSql(names),
    'GO',
  ];
  for (const file of mssqlMigrationFiles()) parts.push(...migrationBlock(file, names));
  if (options.captureMode === 'fingerprint') {
    parts.push("-- 3. Change Tracking on ssd-delta's fingerprint table (capture.mode = fingerprint: the SSD tables are only read).");
  } else {
    parts.push('-- 3. Change Tracking on each SSD table (capture.mode = direct). Each needs a primary key on exactly its stream key: all are checked before any is tracked.');
    for (const def of options.streams) parts.push(primaryKeyCheckSql(def, names), 'GO');
  }
  for (const table of trackedTables(options, names)) parts.push(enableTableTrackingSql(table));
  const grants = grantStatements(options).split('\n').map((line) => (line.startsWith('--') ? line : `-- ${line}`));
  parts.push('GO', '-- 4. Permissions for the login ssd-delta runs as: replace the name, then run these lines.', ...grants, '');
  return parts.join('\n');
}
