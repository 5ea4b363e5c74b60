import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { requiredColumns, type StreamDefinition } from '../../capture/stream-definition.js';
import { PACKAGE_ROOT } from '../../config/load-config.js';
import { SchemaError } from '../../core/errors.js';
import type { MigrationReport, SchemaStore, SsdCheck } from '../source.js';
import { sqlFile } from '../sql-file.js';
import type { PgConnection } from './pg-connection.js';

/** Any fixed number: the advisory lock all ssd-delta processes take while migrating. */
const MIGRATION_LOCK = 0x55d_de17a;

/** CREATE OR REPLACE TRIGGER needs Postgres 14; xid8 and pg_current_xact_id() need 13. */
const MINIMUM_SERVER_VERSION = 140000;

/** Creates the migration ledger (the first statement of every migration run and of the printed script). */
export const MIGRATION_LEDGER_SQL = `CREATE TABLE IF NOT EXISTS ssd_delta_migration (
  name varchar(200) NOT NULL, staging_table varchar(63) NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (name, staging_table));`;

/** The migration files shipped for Postgres, in order. */
export function postgresMigrationFiles(): string[] {
  return readdirSync(join(PACKAGE_ROOT, 'sql', 'postgres', 'migrations')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
}

/**
 * Applies sql/postgres/migrations/NNNN_*.sql in order, each once per staging table name.
 * Everything runs in one transaction behind an advisory lock, so two processes starting at
 * once apply each migration exactly once and the second waits for the first.
 */
export function postgresSchemaStore(db: PgConnection, stagingTable: string): SchemaStore {
  return {
    async migrate(): Promise<MigrationReport> {
      const files = postgresMigrationFiles();
      const [version] = await db.query<{ v: number; text: string }>("SELECT current_setting('server_version_num')::int AS v, current_setting('server_version') AS text");
      if ((version?.v ?? 0) < MINIMUM_SERVER_VERSION) {
        throw new SchemaError(`${db.description} runs PostgreSQL ${version?.text}; ssd-delta needs PostgreSQL 14 or later`);
      }
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await tx.exec(MIGRATION_LEDGER_SQL);
        // The change log, watermarks and owner map are per schema: a second staging table
        // would share (and advance) the first one's watermark and miss changes.
        const others = await tx.query<{ staging_table: string }>('SELECT DISTINCT staging_table FROM ssd_delta_migration WHERE staging_table <> $1', [stagingTable]);
        if (others.length > 0) {
          throw new SchemaError(`${db.description} already holds ssd-delta with staging table ${others.map((o) => o.staging_table).join(', ')}; one ssd-delta per schema: use database.stagingTable=${others[0]?.staging_table} or another schema`);
        }
        const done = new Set(
          (await tx.query<{ name: string }>('SELECT name FROM ssd_delta_migration WHERE staging_table = $1', [stagingTable])).map((r) => r.name),
        );
        const report: MigrationReport = { applied: [], alreadyApplied: [] };
        for (const file of files) {
          if (done.has(file)) {
            report.alreadyApplied.push(file);
            continue;
          }
          await tx.exec(sqlFile('postgres', `migrations/${file}`, { staging_table: stagingTable }));
          await tx.query('INSERT INTO ssd_delta_migration (name, staging_table) VALUES ($1, $2)', [file, stagingTable]);
          report.applied.push(file);
        }
        return report;
      });
    },

    async refreshStatistics(): Promise<void> {
      await db.exec(`ANALYZE ${stagingTable}, ssd_delta_owner, ssd_delta_change_log`);
    },

    async checkSsd(streams: readonly StreamDefinition[]): Promise<SsdCheck> {
      const needed = streams.flatMap(requiredColumns);
      const tables = [...new Set(needed.map((n) => n.table))];
      const rows = await db.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = ANY (current_schemas(false)) AND table_name = ANY ($1::text[])`,
        [tables],
      );
      const present = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
      const presentTables = new Set(rows.map((r) => r.table_name));
      const missingTables = tables.filter((t) => !presentTables.has(t)).sort();
      const missingColumns = [...new Set(needed.filter((n) => presentTables.has(n.table) && !present.has(`${n.table}.${n.column}`)).map((n) => `${n.table}.${n.column}`))].sort();
      return { missingTables, missingColumns };
    },
  };
}
