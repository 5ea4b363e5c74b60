import type { StreamDefinition } from '../../streams/stream-definition.js';
import { VERSION } from '../../core/version.js';
import { sqlFile } from '../sql-file.js';
import { sqlNames, type SqlNames } from '../sql-names.js';
import { databaseTrackingSql, type ChangeTrackingSettings } from './database-tracking.js';
import { STAGING_COLUMNS } from '../foreign-staging.js';
import { migrationLedgerSql, mssqlMigrationFiles, ownTables } from './schema-store.js';
import { enableTableTrackingSql, primaryKeyCheckSql } from './stream-sql.js';
import { mssqlGrants, renderGrants } from './grants.js';

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
 * `ssd_delta_login` standing for that database user): see grants.ts.
 */
export function grantStatements(options: InstallScriptOptions): string {
  const names = sqlNames('mssql', options);
  const ssdTables = new Set(options.streams.map((s) => s.table)).size;
  return renderGrants(mssqlGrants({ names, captureMode: options.captureMode, ownTables: ownTables(names), ssdTables, grantee: 'ssd_delta_login', database: '[your database]' }));
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
SET NOEXEC OFF; -- an earlier run of this script in the same window may have left it on
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
const SESSION_OPTIONS = `SET ANSI_NULLS ON; SET ANSI_PADDING ON; SET ANSI_WARNINGS ON; SET ARITHABORT ON; SET CONCAT_NULL_YIELDS_NULL ON; SET QUOTED_IDENTIFIER ON; SET NUMERIC_ROUNDABORT OFF; SET XACT_ABORT ON; SET IMPLICIT_TRANSACTIONS OFF;
GO
IF @@TRANCOUNT > 0
  THROW 50009, N'ssd-delta: a transaction was open in this session (an earlier run stopped part-way?); it has been rolled back: run the script again.', 1;
DECLARE @version NVARCHAR(40) = CAST(SERVERPROPERTY('ProductVersion') AS NVARCHAR(40));
IF CAST(SERVERPROPERTY('EngineEdition') AS INT) NOT IN (5, 8) -- Azure SQL Database and Managed Instance report 12.0.x whatever they run
   AND (CAST(PARSENAME(@version, 4) AS INT) < 13 OR (CAST(PARSENAME(@version, 4) AS INT) = 13 AND CAST(PARSENAME(@version, 2) AS INT) < 4001))
  THROW 50008, N'ssd-delta needs SQL Server 2016 SP1 (13.0.4001) or later: install the latest service pack and cumulative update first.', 1;
IF (SELECT compatibility_level FROM sys.databases WHERE database_id = DB_ID()) < 130
  THROW 50008, N'ssd-delta needs the database at compatibility level 130 or more (OPENJSON): ALTER DATABASE CURRENT SET COMPATIBILITY_LEVEL = 130, after checking the LA''s other code with the DBA.', 1;
GO`;

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
 * Before anything is changed: one ssd-delta per schema (a second staging table would share the
 * first one's watermarks), and a staging table of the configured name that ssd-delta did not
 * make (the DfE reference sender's) is never adopted: the script stops before it touches the
 * database. On a database ssd-delta was never installed in there is no ledger to read: the
 * ledger is only read in the branch where it exists (names resolve when a statement runs).
 */
function stagingChecks(names: SqlNames): string {
  const ledger = names.own('ssd_delta_migration');
  const missing = STAGING_COLUMNS.map((c) => `COL_LENGTH(N'${names.staging}', N'${c}') IS NULL`).join(' OR ');
  const foreign = `THROW 50014, N'ssd-delta: ${names.staging} already exists and is not ssd-delta''s (the DfE reference sender''s staging table, perhaps). It is left as it is, and nothing was changed: print the script again with another --staging-table (for example ssd_delta_staging).', 1;`;
  return `IF OBJECT_ID(N'${ledger}', N'U') IS NULL
BEGIN
  IF OBJECT_ID(N'${names.staging}', N'U') IS NOT NULL AND (${missing})
    ${foreign}
END
ELSE
BEGIN
  IF EXISTS (SELECT 1 FROM ${ledger} WHERE staging_table <> N'${names.stagingTable}')
    THROW 50013, N'ssd-delta: schema ${names.schema} already holds ssd-delta with another staging table; one ssd-delta per schema: print the script again with its staging table (--staging-table) or another --schema. Nothing was changed.', 1;
  IF NOT EXISTS (SELECT 1 FROM ${ledger} WHERE name = N'0001_staging.sql' AND staging_table = N'${names.stagingTable}')
     AND OBJECT_ID(N'${names.staging}', N'U') IS NOT NULL AND (${missing})
    ${foreign}
END`;
}

/**
 * One migration in one transaction: its batches, then its ledger row in the same transaction,
 * written only while the transaction is still open (XACT_ABORT rolls it back on any error), so a
 * migration that failed at run time is never recorded as applied, even if the script ran on past
 * the error (one whose batch did not compile would be: the script stops at the first error).
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
    '-- 0. The schemas exist, and the staging table is ssd-delta\'s or not there yet.',
    schemaChecks(names),
    stagingChecks(names),
    'GO',
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
