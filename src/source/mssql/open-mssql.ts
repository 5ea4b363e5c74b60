import mssql from 'mssql';
import type { Config } from '../../config/config-schema.js';
import { DatabaseUnavailableError, SchemaError } from '../../core/errors.js';
import type { StreamDefinition } from '../../capture/stream-definition.js';
import type { Source } from '../source.js';
import { classifyMssqlError } from './mssql-errors.js';
import { mssqlConnection, type MssqlConnection, type PoolLike } from './mssql-connection.js';
import { describeMssql, mssqlPoolConfig, mssqlSettings } from './mssql-settings.js';
import { mssqlSource } from './mssql-source.js';

/** Connects a pool to the configured SQL Server, reporting a failure in one line with its fix. */
export async function openMssqlConnection(config: Config): Promise<MssqlConnection> {
  const settings = mssqlSettings(config);
  const pool = new mssql.ConnectionPool(mssqlPoolConfig(settings));
  // Idle connections can error when the server restarts; without a listener that would crash the process.
  pool.on('error', () => undefined);
  try {
    await pool.connect();
  } catch (error) {
    await pool.close().catch(() => undefined);
    const classified = classifyMssqlError(error);
    throw classified === error ? new DatabaseUnavailableError(`cannot connect to ${describeMssql(settings)}: ${(error as Error).message}`, error) : classified;
  }
  return mssqlConnection(pool as unknown as PoolLike, describeMssql(settings));
}

/** Opens the SQL Server adapter over a connection (the real pool, or the fake one in tests). */
export async function mssqlSourceOn(db: MssqlConnection, config: Config, streams: readonly StreamDefinition[]): Promise<Source> {
  const [row] = await db.query<{ schema_name: string }>('SELECT SCHEMA_NAME() AS schema_name');
  const schema = row?.schema_name ?? 'dbo';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    await db.close();
    throw new SchemaError(`the login's default schema "${schema}" is not a lower-case SQL name; give the login a default schema such as dbo or ssd_delta (ALTER USER ... WITH DEFAULT_SCHEMA = ssd_delta)`);
  }
  return mssqlSource(db, streams, {
    stagingTable: config.database.stagingTable,
    schema,
    captureMode: config.capture.mode ?? 'fingerprint',
    tracking: { retentionDays: config.capture.retentionDays, autoCleanup: config.capture.autoCleanup },
  });
}
