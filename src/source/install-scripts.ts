import type { StreamDefinition } from '../streams/stream-definition.js';
import type { Config } from '../config/config-schema.js';
import { isMssqlConfig } from './mssql/mssql-settings.js';
import type { Dialect, SchemaPlacement } from './sql-names.js';

/** The dialect the configuration names: SQL Server for an `mssql://` URL or database.mssql.server, else Postgres. */
export function configuredDialect(config: Config): Dialect {
  return isMssqlConfig(config) ? 'mssql' : 'postgres';
}

/**
 * capture.mode, or the dialect's default when unset: fingerprints on SQL Server (a TRUNCATE
 * wipes Change Tracking's information, and SSDs are reloaded nightly), triggers on Postgres.
 */
export function captureModeOf(config: Config, dialect: Dialect): 'fingerprint' | 'direct' {
  return config.capture.mode ?? (dialect === 'mssql' ? 'fingerprint' : 'direct');
}

/**
 * The whole install script of a dialect (`init --print-sql`), for ssd-delta's tables in
 * `placement`. The adapter's script writer is loaded only when asked for (the SQL Server one
 * loads its driver), so the CLI never imports an adapter itself.
 */
export async function installScript(dialect: Dialect, placement: SchemaPlacement, config: Config, streams: readonly StreamDefinition[]): Promise<string> {
  if (dialect === 'mssql') {
    const { mssqlInstallScript } = await import('./mssql/install-script.js');
    return mssqlInstallScript({ ...placement, captureMode: captureModeOf(config, dialect), tracking: trackingOf(config), streams });
  }
  const { postgresInstallScript } = await import('./postgres/install-script.js');
  return postgresInstallScript({ ...placement, captureMode: captureModeOf(config, dialect), streams });
}

/** The GRANT statements a SQL Server DBA runs for ssd-delta's login when init lacks a permission. */
export async function mssqlGrantStatements(placement: SchemaPlacement, captureMode: 'fingerprint' | 'direct', config: Config, streams: readonly StreamDefinition[]): Promise<string> {
  const { grantStatements } = await import('./mssql/install-script.js');
  return grantStatements({ ...placement, captureMode, tracking: trackingOf(config), streams });
}

function trackingOf(config: Config): { retentionDays: number; autoCleanup: boolean } {
  return { retentionDays: config.capture.retentionDays, autoCleanup: config.capture.autoCleanup };
}
