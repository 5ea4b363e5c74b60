import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StreamDefinition } from '../capture/stream-definition.js';
import type { Config } from '../config/config-schema.js';
import { openPglite } from './postgres/pglite-connection.js';
import { openPgPool } from './postgres/pg-pool-connection.js';
import { postgresSource } from './postgres/postgres-source.js';
import type { Source } from './source.js';

/** Where the embedded database lives when neither database.url nor database.dataDir is set. */
export type EmbeddedDefault = 'temporary' | string;

/**
 * Opens the configured database: a Postgres server when `database.url` is set, otherwise the
 * embedded PGlite in `database.dataDir` (or `fallbackDataDir`; `temporary` makes a fresh
 * folder that is removed on close).
 */
export async function createSource(config: Config, streams: readonly StreamDefinition[], fallbackDataDir: EmbeddedDefault): Promise<Source> {
  const { url, dataDir, stagingTable } = config.database;
  if (url) return postgresSource(await openPgPool(url), stagingTable, streams);
  if (dataDir || fallbackDataDir !== 'temporary') {
    return postgresSource(await openPglite(dataDir ?? fallbackDataDir), stagingTable, streams);
  }
  const temporary = mkdtempSync(join(tmpdir(), 'ssd-delta-'));
  return postgresSource(await openPglite(temporary), stagingTable, streams, async () => rmSync(temporary, { recursive: true, force: true }));
}
