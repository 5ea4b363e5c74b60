import type { StreamDefinition } from '../../capture/stream-definition.js';
import { VERSION } from '../../core/version.js';
import { sqlFile } from '../sql-file.js';
import { sqlNames } from '../sql-names.js';
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
