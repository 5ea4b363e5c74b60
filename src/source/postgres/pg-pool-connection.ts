import pg from 'pg';
import { DatabaseUnavailableError } from '../../core/errors.js';
import type { PgConnection, PgQueryable } from './pg-connection.js';

/** `host:port/database` of a URL, never the user or password. */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'postgres (unparseable URL)';
  }
}

/**
 * Opens a pool on a Postgres server and checks it answers, so an unreachable server is
 * reported once, clearly, before any work starts.
 */
export async function openPgPool(url: string, maxConnections = 8): Promise<PgConnection> {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, application_name: 'ssd-delta' });
  // Idle clients can error when the server restarts; without a listener that would crash the process.
  pool.on('error', () => undefined);
  const description = describePgUrl(url);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatabaseUnavailableError(`cannot reach ${description} (${code}); check database.url and that the server is running`, error);
  }
  const on = (client: pg.Pool | pg.PoolClient): PgQueryable => ({
    query: async <R>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params ? [...params] : undefined)).rows as R[],
    exec: async (sql: string) => void (await client.query(sql)),
  });
  return {
    ...on(pool),
    description,
    embedded: false,
    async transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
