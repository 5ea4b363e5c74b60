import mssql from 'mssql';
import type { Config } from '../../config/config-schema.js';
import { DatabaseUnavailableError, SchemaError } from '../../core/errors.js';
import type { StreamDefinition } from '../../streams/stream-definition.js';
import type { Source } from '../source.js';
import { classifyMssqlError } from './mssql-errors.js';
import { mssqlConnection, type MssqlConnection, type PoolLike } from './mssql-connection.js';
import { describeMssql, mssqlPoolConfig, mssqlSettings } from './mssql-settings.js';
import { mssqlSource } from './mssql-source.js';
import { SQL_NAME } from '../sql-names.js';
import { captureModeOf } from '../install-scripts.js';

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
  return mssqlConnection(pool as unknown as PoolLike, describeMssql(settings), settings.requestTimeoutMs);
}

/** Opens the SQL Server adapter over a connection (the real pool, or the fake one in tests). */
export async function mssqlSourceOn(db: MssqlConnection, config: Config, streams: readonly StreamDefinition[]): Promise<Source> {
  let schema = config.database.schema;
  if (schema === undefined) {
    const [row] = await db.query<{ schema_name: string }>('SELECT SCHEMA_NAME() AS schema_name');
    schema = row?.schema_name ?? 'dbo';
    if (!SQL_NAME.test(schema)) {
      await db.close();
      throw new SchemaError(`the login's default schema "${schema}" is not a plain SQL name (letters, digits and _); set database.schema to the schema ssd-delta's tables go in, such as dbo or ssd_delta`);
    }
  }
  return mssqlSource(db, streams, {
    stagingTable: config.database.stagingTable,
    schema,
    ssdSchema: config.database.ssdSchema ?? schema,
    captureMode: captureModeOf(config, 'mssql'),
    tracking: { retentionDays: config.capture.retentionDays, autoCleanup: config.capture.autoCleanup },
  });
}
