import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { requiredColumns, type StreamDefinition } from '../../streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../config/load-config.js';
import { SchemaError } from '../../core/errors.js';
import type { MigrationReport, SchemaStore, SsdCheck } from '../source.js';
import { refuseForeignStaging } from '../foreign-staging.js';
import { ssdCheck } from '../ssd-check.js';
import type { SqlNames } from '../sql-names.js';
import { sqlFile } from '../sql-file.js';
import { param, type MssqlConnection } from './mssql-connection.js';
import { appLockName } from './run-lock.js';

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

/** SERVERPROPERTY('EngineEdition') of Azure SQL Database and Azure SQL Managed Instance, always current. */
const AZURE_EDITIONS: ReadonlySet<number> = new Set([5, 8]);

/** The migration files shipped for SQL Server, in order. */
export function mssqlMigrationFiles(): string[] {
  return readdirSync(join(PACKAGE_ROOT, 'sql', 'mssql', 'migrations')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
}

/** ssd-delta's own tables, as the migrations create them (qualified), the ledger first. */
export function ownTables(names: SqlNames): string[] {
  const created = mssqlMigrationFiles().flatMap((f) => [...sqlFile('mssql', `migrations/${f}`, names).matchAll(/CREATE TABLE \S*\.\[?(\w+)\]? \(/g)].map((m) => names.own(m[1] ?? '')));
  return [names.own('ssd_delta_migration'), ...created];
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

/** Fails, saying how to fix it, when a schema ssd-delta is configured to use does not exist. */
async function requireSchemas(db: MssqlConnection, names: SqlNames): Promise<void> {
  const [row] = await db.query<{ own: number | null; ssd: number | null }>('SELECT SCHEMA_ID(@schema) AS own, SCHEMA_ID(@ssd_schema) AS ssd', {
    schema: param.key(names.schema),
    ssd_schema: param.key(names.ssdSchema),
  });
  if (row?.own === null || row?.own === undefined) {
    throw new SchemaError(`${db.description} has no schema ${names.schema} (database.schema): create it (CREATE SCHEMA ${names.placeholders.schema}) or set database.schema to the schema ssd-delta's tables should go in`);
  }
  if (row.ssd === null || row.ssd === undefined) {
    throw new SchemaError(`${db.description} has no schema ${names.ssdSchema} (database.ssdSchema): set it to the schema that holds the SSD tables (SystemC builds them in ssd_development)`);
  }
}

/**
 * Applies sql/mssql/migrations/NNNN_*.sql in order, each once per staging table name, in one
 * transaction behind an application lock (sp_getapplock), so two processes starting at once
 * apply each migration exactly once and the second waits for the first. Refuses servers older
 * than SQL Server 2016 SP1 and databases below compatibility level 130 (OPENJSON), saying why.
 */
export function mssqlSchemaStore(db: MssqlConnection, names: SqlNames): SchemaStore {
  const ledger = names.own('ssd_delta_migration');
  return {
    async migrate(): Promise<MigrationReport> {
      const [facts] = await db.query<{ version: string; compatibility: number; edition: number }>(
        `SELECT CAST(SERVERPROPERTY('ProductVersion') AS VARCHAR(40)) AS version, compatibility_level AS compatibility, CAST(SERVERPROPERTY('EngineEdition') AS INT) AS edition FROM sys.databases WHERE database_id = DB_ID()`,
      );
      // Azure SQL Database (5) and Managed Instance (8) report 12.0.x whatever they run: their compatibility level says enough.
      if (!AZURE_EDITIONS.has(Number(facts?.edition)) && !meetsMinimumVersion(facts?.version ?? '0')) {
        throw new SchemaError(`${db.description} runs SQL Server ${facts?.version}; ssd-delta needs SQL Server 2016 SP1 (13.0.4001) or later: install the latest service pack and cumulative update`);
      }
      if ((facts?.compatibility ?? 0) < MINIMUM_COMPATIBILITY_LEVEL) {
        throw new SchemaError(`${db.description} is at compatibility level ${facts?.compatibility}; ssd-delta reads its batches with OPENJSON, which needs level ${MINIMUM_COMPATIBILITY_LEVEL} or more (ALTER DATABASE CURRENT SET COMPATIBILITY_LEVEL = 130, after checking the LA's other code with the DBA)`);
      }
      await requireSchemas(db, names);
      return db.transaction(async (tx) => {
        await tx.query(
          "DECLARE @r INT; EXEC @r = sp_getapplock @Resource = @lock, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @wait_ms; IF @r < 0 THROW 50001, 'ssd-delta: another process held the migration lock for as long as init could wait; run init again when it has finished', 1;",
          { lock: param.key(appLockName('migrate', names)), wait_ms: param.int(db.lockWaitMs(MIGRATION_LOCK_WAIT_MS)) },
        );
        await tx.exec(migrationLedgerSql(names));
        const others = await tx.query<{ staging_table: string }>(`SELECT DISTINCT staging_table FROM ${ledger} WHERE staging_table <> @staging_table`, { staging_table: param.key(names.stagingTable) });
        if (others.length > 0) {
          throw new SchemaError(`${db.description} already holds ssd-delta with staging table ${others.map((o) => o.staging_table).join(', ')} in schema ${names.schema}; one ssd-delta per schema: use database.stagingTable=${others[0]?.staging_table} or another database.schema`);
        }
        const done = new Set((await tx.query<{ name: string }>(`SELECT name FROM ${ledger} WHERE staging_table = @staging_table`, { staging_table: param.key(names.stagingTable) })).map((r) => r.name));
        if (!done.has('0001_staging.sql')) {
          const columns = await tx.query<{ name: string }>('SELECT name FROM sys.columns WHERE object_id = OBJECT_ID(@table)', { table: param.key(names.staging) });
          refuseForeignStaging(names.staging, columns.map((c) => c.name));
        }
        const report: MigrationReport = { applied: [], alreadyApplied: [] };
        for (const file of mssqlMigrationFiles()) {
          if (done.has(file)) {
            report.alreadyApplied.push(file);
            continue;
          }
          await tx.exec(sqlFile('mssql', `migrations/${file}`, names));
          await tx.query(`INSERT INTO ${ledger} (name, staging_table) VALUES (@name, @staging_table)`, { name: param.key(file), staging_table: param.key(names.stagingTable) });
          report.applied.push(file);
        }
        return report;
      });
    },

    async pending(): Promise<string[]> {
      const done = new Set((await db.query<{ name: string }>(`SELECT name FROM ${ledger} WHERE staging_table = @staging_table`, { staging_table: param.key(names.stagingTable) })).map((r) => r.name));
      return mssqlMigrationFiles().filter((f) => !done.has(f));
    },

    async refreshStatistics(): Promise<void> {
      // UPDATE STATISTICS needs ALTER on the table, which a login set up by the DBA's script lacks:
      // SQL Server's automatic statistics then do the job, later.
      await db.exec(
        [names.staging, names.own('ssd_delta_owner')].map((t) => `IF HAS_PERMS_BY_NAME(N'${t}', 'OBJECT', 'ALTER') = 1 UPDATE STATISTICS ${t};`).join('\n'),
      );
    },

    async refreshStatisticsWhileMarking(): Promise<void> {
      // AUTO_UPDATE_STATISTICS refreshes them when a statement compiles against a table that
      // grew; UPDATE STATISTICS mid-cycle would only replace a DBA's full scan with a sample.
    },

    async checkSsd(streams: readonly StreamDefinition[]): Promise<SsdCheck> {
      const needed = streams.flatMap(requiredColumns);
      const tables = [...new Set(needed.map((n) => n.table))];
      const rows = await db.query<{ schema_name: string; table_name: string; column_name: string }>(
        `SELECT TABLE_SCHEMA AS schema_name, TABLE_NAME AS table_name, COLUMN_NAME AS column_name FROM INFORMATION_SCHEMA.COLUMNS
          WHERE TABLE_NAME IN (SELECT value FROM OPENJSON(@tables))`,
        { tables: param.json(tables) },
      );
      return ssdCheck(names.ssdSchema, tables, needed, rows);
    },
  };
}
