import type { PgConnection } from '../src/source/postgres/pg-connection.js';
import { openPglite } from '../src/source/postgres/pglite-connection.js';
import { openPgInSchema } from './bench-database.js';

/** "Today" in every benchmark LA: the seed's and the cycles'. */
export const BENCH_TODAY = '2026-06-15';

/**
 * Opens a benchmark database: `pglite:<folder>` (an embedded database kept in that folder, so a
 * seeding process and the measuring processes share it) or a Postgres server URL. `schema` is
 * created when missing and put first on the search path.
 */
export async function openLaDatabase(database: string, schema: string): Promise<{ db: PgConnection; kind: 'pglite' | 'postgres' }> {
  if (database.startsWith('pglite:')) {
    const db = await openPglite(database.slice('pglite:'.length));
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
    return { db, kind: 'pglite' };
  }
  const db = await openPgInSchema(database, schema);
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  return { db, kind: 'postgres' };
}
