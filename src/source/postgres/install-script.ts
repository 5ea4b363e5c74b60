import type { StreamDefinition } from '../../capture/stream-definition.js';
import { VERSION } from '../../core/version.js';
import { sqlFile } from '../sql-file.js';
import { MIGRATION_LEDGER_SQL, postgresMigrationFiles } from './schema-store.js';
import { captureTriggersSql, dropCaptureTriggersSql } from './stream-sql.js';

/**
 * The whole install as one psql script, for DBAs who run scripts themselves: every migration
 * with its ledger row, and (capture.mode = direct) the capture triggers on the SSD tables, in
 * one transaction. Running it twice changes nothing. Runs in the schema first on search_path.
 */
export function postgresInstallScript(options: { readonly stagingTable: string; readonly captureMode: 'fingerprint' | 'direct'; readonly streams: readonly StreamDefinition[] }): string {
  const parts = [
    `-- ssd-delta ${VERSION}: install script for PostgreSQL 14 or later. Staging table: ${options.stagingTable}; capture mode: ${options.captureMode}.`,
    '-- Run it with psql in the database (and schema, first on search_path) that holds the SSD tables. It never changes an SSD table\'s columns.',
    'BEGIN;',
    MIGRATION_LEDGER_SQL,
  ];
  for (const file of postgresMigrationFiles()) {
    parts.push(`-- ${'-'.repeat(20)} migrations/${file}`, sqlFile('postgres', `migrations/${file}`, { staging_table: options.stagingTable }));
    parts.push(`INSERT INTO ssd_delta_migration (name, staging_table) VALUES ('${file}', '${options.stagingTable}') ON CONFLICT DO NOTHING;`);
  }
  if (options.captureMode === 'direct') {
    parts.push('-- Capture triggers (capture.mode = direct); each SSD table must exist.');
    for (const def of options.streams) parts.push(captureTriggersSql(def).trim());
  } else {
    parts.push('-- capture.mode = fingerprint reads the SSD tables themselves: triggers left from direct mode would log every row twice.');
    for (const def of options.streams) parts.push(dropCaptureTriggersSql(def));
  }
  parts.push('COMMIT;', '');
  return parts.join('\n');
}
