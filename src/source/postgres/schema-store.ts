import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../config/load-config.js';
import type { SchemaStore } from '../source.js';
import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import { schemaStore } from '../stores/schema-store.js';
import { postgresRunner } from './pg-runner.js';
import type { PgConnection } from './pg-connection.js';
import { postgresSchemaAsks } from './permission-asks.js';
import { ownTableNames } from '../own-tables.js';

/** CREATE OR REPLACE TRIGGER needs Postgres 14; xid8 and pg_current_xact_id() need 13. */
const MINIMUM_SERVER_VERSION = 140000;

/** Creates the migration ledger (the first statement of every migration run and of the printed script). */
export function migrationLedgerSql(names: SqlNames): string {
  return `CREATE TABLE IF NOT EXISTS ${names.own('ssd_delta_migration')} (
  name varchar(200) NOT NULL, staging_table varchar(63) NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (name, staging_table));`;
}

/** The migration files shipped for Postgres, in order. */
export function postgresMigrationFiles(): string[] {
  return readdirSync(join(PACKAGE_ROOT, 'sql', 'postgres', 'migrations')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
}

/** ssd-delta's own tables on Postgres (PGlite or a server): the shared schema store over this dialect's parts. */
export function postgresSchemaStore(db: PgConnection, names: SqlNames): SchemaStore {
  return schemaStore(postgresRunner(db, names), names, {
    async readServer() {
      const [version] = await db.query<{ v: number; text: string; user_name: string }>("SELECT current_setting('server_version_num')::int AS v, current_setting('server_version') AS text, current_user AS user_name");
      const refusal = (version?.v ?? 0) < MINIMUM_SERVER_VERSION ? `${db.description} runs PostgreSQL ${version?.text}; ssd-delta needs PostgreSQL 14 or later` : null;
      return { found: `PostgreSQL ${version?.text}`, refusal, user: version?.user_name ?? '' };
    },
    ledgerSql: migrationLedgerSql(names),
    migrationFiles: postgresMigrationFiles,
    migration: (file) => sqlFile('postgres', `migrations/${file}`, names),
    // The advisory lock's key is in take-migration-lock.sql: the same in every schema.
    migrationLock: {},
    ssdSchemaHint: '',
    permissionAsks: (facts) => {
      const script = (file: string): string => sqlFile('postgres', `migrations/${file}`, names);
      return postgresSchemaAsks(names, facts, ownTableNames(postgresMigrationFiles().map(script)), facts.staging.pending.map(script));
    },
    async tablesThere(tables) {
      // pg_class lists every table to every login, whatever it may do with it.
      const rows = await db.query<{ relname: string }>('SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY ($2::text[])', [names.ssdSchema, [...tables]]);
      return new Set(rows.map((r) => r.relname));
    },
    async refreshStatistics() {
      await db.exec(`ANALYZE ${names.staging}, ${names.own('ssd_delta_owner')}, ${names.own('ssd_delta_change_log')}`);
    },
    async refreshStatisticsWhileMarking() {
      // SKIP_LOCKED: marking must not wait behind a VACUUM or an index build on these tables.
      await db.exec(`ANALYZE (SKIP_LOCKED) ${names.staging}, ${names.own('ssd_delta_owner')}`);
    },
  });
}
