import type { StreamDefinition } from '../../streams/stream-definition.js';
import { VERSION } from '../../core/version.js';
import { sqlFile } from '../sql-file.js';
import { STAGING_COLUMNS } from '../foreign-staging.js';
import { sqlNames, type SqlNames } from '../sql-names.js';
import { migrationLedgerSql, postgresMigrationFiles } from './schema-store.js';
import { captureTriggersSql, dropCaptureTriggersSql } from './stream-sql.js';

/** What the printed psql script is for. */
export interface PostgresInstallScriptOptions {
  readonly stagingTable: string;
  /** Schema ssd-delta's objects go in (database.schema). */
  readonly schema: string;
  /** Schema of the SSD tables (database.ssdSchema). */
  readonly ssdSchema: string;
  readonly captureMode: 'fingerprint' | 'direct';
  readonly streams: readonly StreamDefinition[];
}

/**
 * Before any migration: one ssd-delta per schema, and a staging table of the configured name
 * that ssd-delta did not make (the DfE reference sender's) is never adopted.
 */
function stagingChecks(names: SqlNames): string {
  const ledger = names.own('ssd_delta_migration');
  const columns = STAGING_COLUMNS.map((c) => `'${c}'`).join(', ');
  return `DO $check$
BEGIN
  IF EXISTS (SELECT 1 FROM ${ledger} WHERE staging_table <> '${names.stagingTable}') THEN
    RAISE EXCEPTION 'ssd-delta: schema ${names.schema} already holds ssd-delta with another staging table; one ssd-delta per schema: print the script again with its staging table (--staging-table) or another --schema';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM ${ledger} WHERE name = '0001_staging.sql' AND staging_table = '${names.stagingTable}')
     AND to_regclass('${names.staging}') IS NOT NULL
     AND EXISTS (SELECT 1 FROM unnest(ARRAY[${columns}]) AS c(name)
                  WHERE NOT EXISTS (SELECT 1 FROM information_schema.columns
                                     WHERE table_schema = '${names.schema}' AND table_name = '${names.stagingTable}' AND column_name = c.name)) THEN
    RAISE EXCEPTION 'ssd-delta: ${names.staging} already exists and is not ssd-delta''s (the DfE reference sender''s staging table, perhaps). It is left as it is: print the script again with another --staging-table (for example ssd_delta_staging)';
  END IF;
END
$check$;`;
}

/**
 * The whole install as one psql script, for DBAs who run scripts themselves: every migration
 * with its ledger row, and (capture.mode = direct) the capture triggers on the SSD tables, in
 * one transaction, stopping at the first error (ON_ERROR_STOP). Every name is schema-qualified,
 * so search_path does not matter. Running it twice changes nothing.
 */
export function postgresInstallScript(options: PostgresInstallScriptOptions): string {
  const names = sqlNames('postgres', options);
  const parts = [
    `-- ssd-delta ${VERSION}: install script for PostgreSQL 14 or later. Staging table: ${names.staging}; capture mode: ${options.captureMode}.`,
    `-- Run it with psql in the database that holds the SSD tables (schema ${options.ssdSchema}); ssd-delta's tables go in schema ${options.schema}, which must exist. It never changes an SSD table's columns.`,
    '\\set ON_ERROR_STOP on',
    'BEGIN;',
    migrationLedgerSql(names),
    stagingChecks(names),
  ];
  for (const file of postgresMigrationFiles()) {
    parts.push(`-- ${'-'.repeat(20)} migrations/${file}`, sqlFile('postgres', `migrations/${file}`, names));
    parts.push(`INSERT INTO ${names.own('ssd_delta_migration')} (name, staging_table) VALUES ('${file}', '${options.stagingTable}') ON CONFLICT DO NOTHING;`);
  }
  if (options.captureMode === 'direct') {
    parts.push('-- Capture triggers (capture.mode = direct); each SSD table must exist.');
    for (const def of options.streams) parts.push(captureTriggersSql(def, names).trim());
  } else {
    parts.push('-- capture.mode = fingerprint reads the SSD tables themselves: triggers left from direct mode would log every row twice.');
    for (const def of options.streams) parts.push(dropCaptureTriggersSql(def, names));
  }
  parts.push('COMMIT;', '');
  return parts.join('\n');
}
