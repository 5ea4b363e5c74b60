import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { requiredColumns, type StreamDefinition } from '../../streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../config/load-config.js';
import { SchemaError } from '../../core/errors.js';
import type { MigrationReport, SchemaStore, SsdCheck } from '../source.js';
import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import { refuseForeignStaging } from '../foreign-staging.js';
import { ssdCheck } from '../ssd-check.js';
import type { PgConnection } from './pg-connection.js';

/** Any fixed number: the advisory lock all ssd-delta processes take while migrating. */
const MIGRATION_LOCK = 0x55d_de17a;

/** CREATE OR REPLACE TRIGGER needs Postgres 14; xid8 and pg_current_xact_id() need 13. */
const MINIMUM_SERVER_VERSION = 140000;

/** Creates the migration ledger (the first statement of every migration run and of the printed script). */
export function migrationLedgerSql(names: SqlNames): string {
  return `CREATE TABLE IF NOT EXISTS ${names.own('ssd_delta_migration')} (
  name varchar(200) NOT NULL, staging_table varchar(63) NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (name, staging_table));`;
}

/** Fails, saying how to fix it, when a schema ssd-delta is configured to use does not exist. */
async function requireSchemas(db: PgConnection, names: SqlNames): Promise<void> {
  const [row] = await db.query<{ own: boolean; ssd: boolean }>('SELECT to_regnamespace($1) IS NOT NULL AS own, to_regnamespace($2) IS NOT NULL AS ssd', [names.placeholders.schema, names.placeholders.ssd_schema]);
  if (!row?.own) throw new SchemaError(`${db.description} has no schema ${names.schema} (database.schema): create it (CREATE SCHEMA ${names.placeholders.schema}) or set database.schema to the schema ssd-delta's tables should go in`);
  if (!row.ssd) throw new SchemaError(`${db.description} has no schema ${names.ssdSchema} (database.ssdSchema): set it to the schema that holds the SSD tables`);
}

/** The migration files shipped for Postgres, in order. */
export function postgresMigrationFiles(): string[] {
  return readdirSync(join(PACKAGE_ROOT, 'sql', 'postgres', 'migrations')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
}

/**
 * Applies sql/postgres/migrations/NNNN_*.sql in order, each once per staging table name.
 * Everything runs in one transaction behind an advisory lock, so two processes starting at
 * once apply each migration exactly once and the second waits for the first.
 */
export function postgresSchemaStore(db: PgConnection, names: SqlNames): SchemaStore {
  const ledger = names.own('ssd_delta_migration');
  const stagingTable = names.stagingTable;
  return {
    async migrate(): Promise<MigrationReport> {
      const files = postgresMigrationFiles();
      const [version] = await db.query<{ v: number; text: string }>("SELECT current_setting('server_version_num')::int AS v, current_setting('server_version') AS text");
      if ((version?.v ?? 0) < MINIMUM_SERVER_VERSION) {
        throw new SchemaError(`${db.description} runs PostgreSQL ${version?.text}; ssd-delta needs PostgreSQL 14 or later`);
      }
      await requireSchemas(db, names);
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        await tx.exec(migrationLedgerSql(names));
        // The change log, watermarks and owner map are per schema: a second staging table
        // would share (and advance) the first one's watermark and miss changes.
        const others = await tx.query<{ staging_table: string }>(`SELECT DISTINCT staging_table FROM ${ledger} WHERE staging_table <> $1`, [stagingTable]);
        if (others.length > 0) {
          throw new SchemaError(`${db.description} already holds ssd-delta with staging table ${others.map((o) => o.staging_table).join(', ')} in schema ${names.schema}; one ssd-delta per schema: use database.stagingTable=${others[0]?.staging_table} or another database.schema`);
        }
        const done = new Set(
          (await tx.query<{ name: string }>(`SELECT name FROM ${ledger} WHERE staging_table = $1`, [stagingTable])).map((r) => r.name),
        );
        if (!done.has('0001_staging.sql')) {
          const columns = await tx.query<{ name: string }>('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [names.schema, stagingTable]);
          refuseForeignStaging(names.staging, columns.map((c) => c.name));
        }
        const report: MigrationReport = { applied: [], alreadyApplied: [] };
        for (const file of files) {
          if (done.has(file)) {
            report.alreadyApplied.push(file);
            continue;
          }
          await tx.exec(sqlFile('postgres', `migrations/${file}`, names));
          await tx.query(`INSERT INTO ${ledger} (name, staging_table) VALUES ($1, $2)`, [file, stagingTable]);
          report.applied.push(file);
        }
        return report;
      });
    },

    async pending(): Promise<string[]> {
      const done = new Set((await db.query<{ name: string }>(`SELECT name FROM ${ledger} WHERE staging_table = $1`, [stagingTable])).map((r) => r.name));
      return postgresMigrationFiles().filter((f) => !done.has(f));
    },

    async refreshStatistics(): Promise<void> {
      await db.exec(`ANALYZE ${names.staging}, ${names.own('ssd_delta_owner')}, ${names.own('ssd_delta_change_log')}`);
    },

    async refreshStatisticsWhileMarking(): Promise<void> {
      // SKIP_LOCKED: marking must not wait behind a VACUUM or an index build on these tables.
      await db.exec(`ANALYZE (SKIP_LOCKED) ${names.staging}, ${names.own('ssd_delta_owner')}`);
    },

    async checkSsd(streams: readonly StreamDefinition[]): Promise<SsdCheck> {
      const needed = streams.flatMap(requiredColumns);
      const tables = [...new Set(needed.map((n) => n.table))];
      const rows = await db.query<{ schema_name: string; table_name: string; column_name: string }>(
        'SELECT table_schema AS schema_name, table_name, column_name FROM information_schema.columns WHERE table_name = ANY ($1::text[])',
        [tables],
      );
      return ssdCheck(names.ssdSchema, tables, needed, rows);
    },
  };
}
