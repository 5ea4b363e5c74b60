import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamDefinition } from '../streams/stream-definition.js';
import type { Config } from '../config/config-schema.js';
import { SsdDeltaError } from '../core/errors.js';
import { captureModeOf } from './install-scripts.js';
import { isMssqlConfig } from './mssql/mssql-settings.js';
import type { PgConnection } from './postgres/pg-connection.js';
import type { Source } from './source.js';
import { poolSizeFor } from './pool-size.js';

/** Connections of a Postgres server pool when submit.concurrency needs no more (pool-size.ts). */
const DEFAULT_PG_POOL = 8;

/** Where the embedded database lives when neither database.url nor database.dataDir is set. */
export type EmbeddedDefault = 'temporary' | string;

/** How {@link createSource} opens the database. */
export interface CreateSourceOptions {
  /** Embedded folder when database.dataDir is unset; `temporary` makes a fresh folder removed on close. */
  readonly fallbackDataDir: EmbeddedDefault;
  /**
   * Refuse to create an embedded database that is not there yet. Commands that only read or
   * update one (`run`, `status`, `simulate`) set it, so a mistyped --data-dir fails clearly
   * instead of silently starting an empty database.
   */
  readonly mustExist?: boolean;
}

/** True when `dir` holds a Postgres data directory (PGlite writes PG_VERSION when it creates one). */
function holdsDatabase(dir: string): boolean {
  return dir.startsWith('memory://') || existsSync(join(dir, 'PG_VERSION'));
}

/**
 * Opens the configured database: SQL Server when `database.url` is `mssql://` (or
 * `database.mssql.server` is set), a Postgres server when `database.url` is `postgres://`,
 * otherwise the embedded PGlite in `database.dataDir` (or `options.fallbackDataDir`).
 */
export async function createSource(config: Config, streams: readonly StreamDefinition[], options: CreateSourceOptions): Promise<Source> {
  const { url, dataDir } = config.database;
  // Each adapter (and its driver) is loaded only when the configuration asks for it: a command
  // starts in about half the time without loading the drivers it does not use (mssql alone
  // takes ~0.4 s), and an LA on one dialect never loads the other's.
  if (isMssqlConfig(config)) {
    const { mssqlSourceOn, openMssqlConnection } = await import('./mssql/open-mssql.js');
    return mssqlSourceOn(await openMssqlConnection(config), config, streams);
  }
  const mode = captureModeOf(config, 'postgres');
  const [{ postgresPlacement }, { postgresSource }] = await Promise.all([import('./postgres/placement.js'), import('./postgres/postgres-source.js')]);
  const open = async (db: PgConnection, onClose?: () => Promise<void>): Promise<Source> => {
    try {
      return postgresSource(db, await postgresPlacement(db, config.database), streams, onClose, mode);
    } catch (error) {
      await db.close().catch(() => undefined);
      await onClose?.();
      throw error;
    }
  };
  if (url) {
    const { openPgPool } = await import('./postgres/pg-pool-connection.js');
    return open(await openPgPool(url, poolSizeFor(config.submit.concurrency, DEFAULT_PG_POOL)));
  }
  const { openPglite } = await import('./postgres/pglite-connection.js');
  const dir = dataDir ?? (options.fallbackDataDir === 'temporary' ? undefined : options.fallbackDataDir);
  if (dir !== undefined) {
    if (options.mustExist && !holdsDatabase(dir)) {
      throw new SsdDeltaError('DATABASE_NOT_FOUND', `no embedded database at ${dir}: run \`ssd-delta seed\` or \`ssd-delta init\` with the same --data-dir first`, { exitCode: 2 });
    }
    return open(await openPglite(dir));
  }
  const temporary = mkdtempSync(join(tmpdir(), 'ssd-delta-'));
  return open(await openPglite(temporary), async () => rmSync(temporary, { recursive: true, force: true }));
}
