import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { requiredColumns, type StreamDefinition } from '../../capture/stream-definition.js';
import { PACKAGE_ROOT } from '../../config/load-config.js';
import { SchemaError } from '../../core/errors.js';
import type { MigrationReport, SchemaStore, SsdCheck } from '../source.js';
import { sqlFile } from '../sql-file.js';
import { param, type MssqlConnection } from './mssql-connection.js';

/** SQL Server 2016 (13.x): CREATE OR ALTER needs SP1, OPENJSON needs compatibility level 130. */
const MINIMUM_MAJOR_VERSION = 13;
const MINIMUM_COMPATIBILITY_LEVEL = 130;

/** The migration files shipped for SQL Server, in order. */
export function mssqlMigrationFiles(): string[] {
  return readdirSync(join(PACKAGE_ROOT, 'sql', 'mssql', 'migrations')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
}

/** Creates the migration ledger (the first statement of every migration run and of the printed script). */
export const MIGRATION_LEDGER_SQL = `IF OBJECT_ID(N'ssd_delta_migration', N'U') IS NULL
CREATE TABLE ssd_delta_migration (
  name          VARCHAR(200) NOT NULL,
  staging_table VARCHAR(63) NOT NULL,
  applied_at    DATETIME2(3) NOT NULL CONSTRAINT ssd_delta_migration_applied_at_df DEFAULT SYSUTCDATETIME(),
  CONSTRAINT ssd_delta_migration_pkey PRIMARY KEY (name, staging_table)
);`;

/**
 * Applies sql/mssql/migrations/NNNN_*.sql in order, each once per staging table name, in one
 * transaction behind an application lock (sp_getapplock), so two processes starting at once
 * apply each migration exactly once and the second waits for the first. Refuses servers older
 * than SQL Server 2016 and databases below compatibility level 130 (OPENJSON), saying why.
 */
export function mssqlSchemaStore(db: MssqlConnection, names: { readonly staging_table: string; readonly schema: string }): SchemaStore {
  return {
    async migrate(): Promise<MigrationReport> {
      const [facts] = await db.query<{ major: number; version: string; compatibility: number }>(
        `SELECT CAST(SERVERPROPERTY('ProductMajorVersion') AS INT) AS major, CAST(SERVERPROPERTY('ProductVersion') AS VARCHAR(40)) AS version,
                compatibility_level AS compatibility FROM sys.databases WHERE database_id = DB_ID()`,
      );
      if ((facts?.major ?? 0) < MINIMUM_MAJOR_VERSION) {
        throw new SchemaError(`${db.description} runs SQL Server ${facts?.version}; ssd-delta needs SQL Server 2016 SP1 (13.0.4001) or later`);
      }
      if ((facts?.compatibility ?? 0) < MINIMUM_COMPATIBILITY_LEVEL) {
        throw new SchemaError(`${db.description} is at compatibility level ${facts?.compatibility}; ssd-delta reads its batches with OPENJSON, which needs level ${MINIMUM_COMPATIBILITY_LEVEL} or more (ALTER DATABASE CURRENT SET COMPATIBILITY_LEVEL = 130, after checking the LA's other code with the DBA)`);
      }
      return db.transaction(async (tx) => {
        await tx.query("DECLARE @r INT; EXEC @r = sp_getapplock @Resource = N'ssd_delta_migrate', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 120000; IF @r < 0 THROW 50001, 'ssd-delta: another process held the migration lock for 2 minutes', 1;");
        await tx.exec(MIGRATION_LEDGER_SQL);
        const others = await tx.query<{ staging_table: string }>('SELECT DISTINCT staging_table FROM ssd_delta_migration WHERE staging_table <> @staging_table', { staging_table: param.key(names.staging_table) });
        if (others.length > 0) {
          throw new SchemaError(`${db.description} already holds ssd-delta with staging table ${others.map((o) => o.staging_table).join(', ')}; one ssd-delta per schema: use database.stagingTable=${others[0]?.staging_table} or another schema`);
        }
        const done = new Set((await tx.query<{ name: string }>('SELECT name FROM ssd_delta_migration WHERE staging_table = @staging_table', { staging_table: param.key(names.staging_table) })).map((r) => r.name));
        const report: MigrationReport = { applied: [], alreadyApplied: [] };
        for (const file of mssqlMigrationFiles()) {
          if (done.has(file)) {
            report.alreadyApplied.push(file);
            continue;
          }
          await tx.exec(sqlFile('mssql', `migrations/${file}`, names));
          await tx.query('INSERT INTO ssd_delta_migration (name, staging_table) VALUES (@name, @staging_table)', { name: param.key(file), staging_table: param.key(names.staging_table) });
          report.applied.push(file);
        }
        return report;
      });
    },

    async refreshStatistics(): Promise<void> {
      // UPDATE STATISTICS needs ALTER on the table, which a login set up by the DBA's script lacks:
      // SQL Server's automatic statistics then do the job, later.
      await db.exec(
        [names.staging_table, 'ssd_delta_owner'].map((t) => `IF HAS_PERMS_BY_NAME(N'${t}', 'OBJECT', 'ALTER') = 1 UPDATE STATISTICS ${t};`).join('\n'),
      );
    },

    async checkSsd(streams: readonly StreamDefinition[]): Promise<SsdCheck> {
      const needed = streams.flatMap(requiredColumns);
      const tables = [...new Set(needed.map((n) => n.table))];
      // Unqualified names resolve in the login's default schema, then dbo: so are the SSD tables looked for.
      const rows = await db.query<{ table_name: string; column_name: string }>(
        `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name FROM INFORMATION_SCHEMA.COLUMNS
          WHERE TABLE_SCHEMA IN (SCHEMA_NAME(), N'dbo') AND TABLE_NAME IN (SELECT value FROM OPENJSON(@tables))`,
        { tables: param.json(tables) },
      );
      const present = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`.toLowerCase()));
      const presentTables = new Set(rows.map((r) => r.table_name.toLowerCase()));
      const missingTables = tables.filter((t) => !presentTables.has(t)).sort();
      const missingColumns = [...new Set(needed.filter((n) => presentTables.has(n.table) && !present.has(`${n.table}.${n.column}`)).map((n) => `${n.table}.${n.column}`))].sort();
      return { missingTables, missingColumns };
    },
  };
}
