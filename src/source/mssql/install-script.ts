import type { StreamDefinition } from '../../capture/stream-definition.js';
import { VERSION } from '../../core/version.js';
import { sqlFile } from '../sql-file.js';
import { databaseTrackingSql, type ChangeTrackingSettings } from './capture-store.js';
import { MIGRATION_LEDGER_SQL, mssqlMigrationFiles } from './schema-store.js';
import { enableTableTrackingSql } from './stream-sql.js';

/** What the printed script is for. */
export interface InstallScriptOptions {
  readonly stagingTable: string;
  /** Schema ssd-delta's objects go in: the default schema of the login ssd-delta will use. */
  readonly schema: string;
  readonly captureMode: 'fingerprint' | 'direct';
  readonly tracking: ChangeTrackingSettings;
  readonly streams: readonly StreamDefinition[];
}

/**
 * The permissions the login ssd-delta runs as needs, as GRANT statements for the DBA (with
 * `ssd_delta_login` standing for that database user). Reading the SSD tables, owning its own
 * tables, and reading Change Tracking of the tables it is read from.
 */
export function grantStatements(options: InstallScriptOptions): string {
  const tracked = options.captureMode === 'fingerprint' ? ['ssd_delta_fingerprint'] : [...new Set(options.streams.map((s) => s.table))];
  const ssd = [...new Set(options.streams.map((s) => s.table))];
  return [
    `-- Replace ssd_delta_login with the database user ssd-delta connects as (its default schema: ${options.schema}).`,
    `GRANT SELECT ON SCHEMA::${options.schema} TO ssd_delta_login;                  -- the SSD tables (or GRANT SELECT on each: ${ssd.length} tables)`,
    `GRANT INSERT, UPDATE, DELETE ON SCHEMA::${options.schema} TO ssd_delta_login;  -- ssd-delta's own tables (ssd_delta_* and ${options.stagingTable})`,
    `GRANT EXECUTE ON SCHEMA::${options.schema} TO ssd_delta_login;                 -- ${options.schema}.ssd_delta_unconfirmed_with`,
    ...tracked.map((t) => `GRANT VIEW CHANGE TRACKING ON ${options.schema}.${t} TO ssd_delta_login;`),
    '-- Only if ssd-delta itself should run `init` (create and upgrade its tables) instead of the DBA running this script:',
    `-- GRANT CREATE TABLE, CREATE FUNCTION TO ssd_delta_login; GRANT ALTER ON SCHEMA::${options.schema} TO ssd_delta_login;`,
    '-- and, for the database settings above: GRANT ALTER ON DATABASE::[your database] TO ssd_delta_login;',
  ].join('\n');
}

/**
 * The whole install as one T-SQL script, for DBAs who run scripts themselves: the database
 * settings (snapshot isolation, Change Tracking), every migration with its ledger row (each
 * guarded, so running it twice changes nothing), Change Tracking on the tables ssd-delta reads
 * from, and the GRANTs the ssd-delta login needs. Batches are separated by GO (sqlcmd, SSMS).
 */
export function mssqlInstallScript(options: InstallScriptOptions): string {
  const names = { staging_table: options.stagingTable, schema: options.schema };
  const parts: string[] = [
    `-- ssd-delta ${VERSION}: install script for SQL Server 2016 SP1 or later (compatibility level 130+).`,
    '-- Run it in the database that holds the SSD tables, as a user who may ALTER DATABASE and create',
    `-- tables and functions in schema ${options.schema}. It never creates or changes an SSD table.`,
    `-- Staging table: ${options.stagingTable}. Capture mode: ${options.captureMode}. Change Tracking retention: ${options.tracking.retentionDays} days, auto cleanup ${options.tracking.autoCleanup ? 'on' : 'off'}.`,
    '-- Every statement is guarded: running the script again changes nothing. docs/sql-server.md explains each part.',
    '',
    '-- 1. Database settings: snapshot isolation (capture reads under it) and Change Tracking.',
    databaseTrackingSql(options.tracking),
    'GO',
    "-- 2. ssd-delta's own tables (sql/mssql/migrations), and the ledger `ssd-delta init` reads to know they are there.",
    MIGRATION_LEDGER_SQL,
    'GO',
  ];
  for (const file of mssqlMigrationFiles()) {
    parts.push(`-- ${'-'.repeat(20)} migrations/${file}`);
    parts.push(sqlFile('mssql', `migrations/${file}`, names));
    parts.push('GO');
    parts.push(
      `IF NOT EXISTS (SELECT 1 FROM ssd_delta_migration WHERE name = '${file}' AND staging_table = '${options.stagingTable}')\n  INSERT INTO ssd_delta_migration (name, staging_table) VALUES ('${file}', '${options.stagingTable}');`,
    );
    parts.push('GO');
  }
  parts.push(
    options.captureMode === 'fingerprint'
      ? "-- 3. Change Tracking on ssd-delta's fingerprint table (capture.mode = fingerprint: the SSD tables are only read)."
      : '-- 3. Change Tracking on each SSD table (capture.mode = direct: each needs a primary key on the stream key).',
  );
  const tracked = options.captureMode === 'fingerprint' ? ['ssd_delta_fingerprint'] : [...new Set(options.streams.map((s) => s.table))];
  for (const table of tracked) parts.push(enableTableTrackingSql(table));
  const grants = grantStatements(options).split('\n').map((line) => (line.startsWith('--') ? line : `-- ${line}`));
  parts.push('GO', '-- 4. Permissions for the login ssd-delta runs as: replace the name, then run these lines.', ...grants, '');
  return parts.join('\n');
}
