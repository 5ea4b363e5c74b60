import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../config/load-config.js';
import { SchemaError } from '../../core/errors.js';
import type { SchemaStore } from '../source.js';
import { param } from '../sql-runner.js';
import { schemaStore } from '../stores/schema-store.js';
import type { SqlNames } from '../sql-names.js';
import { sqlFile } from '../sql-file.js';
import type { MssqlConnection } from './mssql-connection.js';
import { mssqlRunner } from './mssql-runner.js';
import { appLockName } from './run-lock.js';
import { grantsFor, mssqlSchemaAsks } from './permission-asks.js';
import { ownTableNames } from '../own-tables.js';

/** How long `init` waits for another process's migration (at most: see MssqlConnection.lockWaitMs). */
const MIGRATION_LOCK_WAIT_MS = 120_000;

/** SQL Server 2016 SP1 (13.0.4001): CREATE OR ALTER first shipped there; OPENJSON needs compatibility level 130. */
const MINIMUM_VERSION = [13, 0, 4001] as const;
const MINIMUM_COMPATIBILITY_LEVEL = 130;

/** True when a ProductVersion (`13.0.4001.0`) is at least SQL Server 2016 SP1. */
export function meetsMinimumVersion(version: string): boolean {
  const parts = version.split('.').map((p) => Number(p));
  for (let i = 0; i < MINIMUM_VERSION.length; i++) {
    const have = parts[i] ?? 0;
    if (have !== MINIMUM_VERSION[i]) return have > (MINIMUM_VERSION[i] ?? 0);
  }
  return true;
}

/** Refuses a database below compatibility level 130, saying why and what to do (OPENJSON needs it). */
export function requireCompatibility(description: string, level: number | undefined): void {
  const refusal = compatibilityRefusal(description, level);
  if (refusal !== null) throw new SchemaError(refusal);
}

/** SERVERPROPERTY('EngineEdition') of Azure SQL Database and Azure SQL Managed Instance, always current. */
const AZURE_EDITIONS: ReadonlySet<number> = new Set([5, 8]);

/** Why ssd-delta cannot run on this server or database, saying what to do (null: it can). */
function serverRefusal(description: string, facts: { version: string; compatibility: number | null; edition: number } | undefined): string | null {
  // Azure SQL Database (5) and Managed Instance (8) report 12.0.x whatever they run: their compatibility level says enough.
  if (!AZURE_EDITIONS.has(Number(facts?.edition)) && !meetsMinimumVersion(facts?.version ?? '0')) {
    return `${description} runs SQL Server ${facts?.version}; ssd-delta needs SQL Server 2016 SP1 (13.0.4001) or later: install the latest service pack and cumulative update`;
  }
  return compatibilityRefusal(description, facts?.compatibility);
}

/** Why a database below compatibility level 130 is refused, and what to do (OPENJSON needs it), or null. */
function compatibilityRefusal(description: string, level: number | null | undefined): string | null {
  if ((level ?? 0) >= MINIMUM_COMPATIBILITY_LEVEL) return null;
  return `${description} is at compatibility level ${level}; ssd-delta reads its batches with OPENJSON, which needs level ${MINIMUM_COMPATIBILITY_LEVEL} or more (ALTER DATABASE CURRENT SET COMPATIBILITY_LEVEL = 130, after checking the LA's other code with the DBA)`;
}

/** The migration files shipped for SQL Server, in order. */
export function mssqlMigrationFiles(): string[] {
  return readdirSync(join(PACKAGE_ROOT, 'sql', 'mssql', 'migrations')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
}

/** ssd-delta's own tables, as the migrations create them (unqualified), the ledger first. */
function ownTablesUnqualified(names: SqlNames): string[] {
  return ownTableNames(mssqlMigrationFiles().map((f) => sqlFile('mssql', `migrations/${f}`, names)));
}

/** ssd-delta's own tables, as the migrations create them (qualified), the ledger first. */
export function ownTables(names: SqlNames): string[] {
  return ownTablesUnqualified(names).map((t) => names.own(t));
}

/** Creates the migration ledger (the first statement of every migration run and of the printed script). */
export function migrationLedgerSql(names: SqlNames): string {
  const ledger = names.own('ssd_delta_migration');
  return `IF OBJECT_ID(N'${ledger}', N'U') IS NULL
CREATE TABLE ${ledger} (
  name          VARCHAR(200) NOT NULL,
  staging_table VARCHAR(63) NOT NULL,
  applied_at    DATETIME2(3) NOT NULL CONSTRAINT ssd_delta_migration_applied_at_df DEFAULT SYSUTCDATETIME(),
  CONSTRAINT ssd_delta_migration_pkey PRIMARY KEY (name, staging_table)
);`;
}

/**
 * ssd-delta's own tables on SQL Server: the shared schema store over this dialect's parts. The
 * migration lock is an application lock (sp_getapplock) per schema. Refuses servers older than
 * SQL Server 2016 SP1 and databases below compatibility level 130 (OPENJSON), saying why.
 */
export function mssqlSchemaStore(db: MssqlConnection, names: SqlNames, captureMode: 'fingerprint' | 'direct'): SchemaStore {
  return schemaStore(mssqlRunner(db, names), names, {
    async readServer() {
      // sys.databases always shows a login the database it is connected to.
      const [facts] = await db.query<{ version: string; compatibility: number | null; edition: number; user_name: string | null }>(
        `SELECT CAST(SERVERPROPERTY('ProductVersion') AS VARCHAR(40)) AS version, CAST(SERVERPROPERTY('EngineEdition') AS INT) AS edition,
                (SELECT compatibility_level FROM sys.databases WHERE database_id = DB_ID()) AS compatibility, USER_NAME() AS user_name`,
      );
      const found = `SQL Server ${facts?.version}, compatibility level ${facts?.compatibility}`;
      return { found, refusal: serverRefusal(db.description, facts), user: facts?.user_name ?? 'ssd_delta_login' };
    },
    ledgerSql: migrationLedgerSql(names),
    migrationFiles: mssqlMigrationFiles,
    migration: (file) => sqlFile('mssql', `migrations/${file}`, names),
    migrationLock: { lock: param.key(appLockName('migrate', names)), wait_ms: param.int(db.lockWaitMs(MIGRATION_LOCK_WAIT_MS)) },
    ssdSchemaHint: ' (SystemC builds them in ssd_development)',
    permissionAsks: (facts) => {
      const own = ownTablesUnqualified(names);
      return mssqlSchemaAsks(names, facts, own, grantsFor(names, captureMode, { user: facts.user, database: '[your database]', ownTables: own, ssdTables: facts.ssdTables.length }));
    },
    // Metadata visibility: sys.tables and HAS_PERMS_BY_NAME show a login nothing of a table it holds no permission on.
    tablesThere: () => Promise.resolve(null),
    async refreshStatistics() {
      // UPDATE STATISTICS needs ALTER on the table, which a login set up by the DBA's script lacks:
      // SQL Server's automatic statistics then do the job, later.
      await db.exec(
        [names.staging, names.own('ssd_delta_owner')].map((t) => `IF HAS_PERMS_BY_NAME(N'${t}', 'OBJECT', 'ALTER') = 1 UPDATE STATISTICS ${t};`).join('\n'),
      );
    },
    async refreshStatisticsWhileMarking() {
      // AUTO_UPDATE_STATISTICS refreshes them when a statement compiles against a table that
      // grew; UPDATE STATISTICS mid-cycle would only replace a DBA's full scan with a sample.
    },
  });
}
