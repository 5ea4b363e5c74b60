import pg from 'pg';
import type { PgConnection } from '../src/source/postgres/pg-connection.js';
import { openPglite } from '../src/source/postgres/pglite-connection.js';
import { openPgPool } from '../src/source/postgres/pg-pool-connection.js';
import type { SchemaPlacement } from '../src/source/sql-names.js';

/** A database for one benchmark run, and how to clean it up. */
export interface BenchDatabase {
  readonly db: PgConnection;
  readonly label: string;
  /** Where ssd-delta's tables and the SSD tables go: the one schema of the run. */
  readonly placement: SchemaPlacement;
  drop(): Promise<void>;
}

const placementIn = (schema: string): SchemaPlacement => ({ schema, ssdSchema: schema, stagingTable: 'ssd_api_data_staging' });

/** A pool on a server URL whose connections put `schema` first on their search path. */
export function openPgInSchema(url: string, schema: string, poolSize?: number): Promise<PgConnection> {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return openPgPool(u.toString(), poolSize);
}

/**
 * An in-memory PGlite, or, given a server URL, a fresh schema there (dropped afterwards) with a
 * pool of `poolSize` connections.
 */
export async function openBenchDatabase(url: string | undefined, prefix: string, poolSize?: number): Promise<BenchDatabase> {
  if (!url) return { db: await openPglite('memory://'), label: 'PGlite (memory)', placement: placementIn('public'), drop: async () => undefined };
  const schema = `${prefix}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  return {
    db: await openPgInSchema(url, schema, poolSize),
    label: `postgres ${new URL(url).host}`,
    placement: placementIn(schema),
    drop: async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}
