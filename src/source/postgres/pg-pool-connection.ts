import pg from 'pg';
import { DatabaseUnavailableError } from '../../core/errors.js';
import { oneAtATime } from '../../core/one-at-a-time.js';
import { lostConnection } from './lost-connection.js';
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

const RUNNING = 'check database.url and that the server is running';

/** Common failure codes (SQLSTATE from the server, errno from Node) in words, with how to fix them. */
const FAILURES: Readonly<Record<string, (u: URL) => string>> = {
  '28000': (u) => `authentication failed for user "${userOf(u)}"; check the user and password in database.url and the server's pg_hba.conf`,
  '28P01': (u) => `authentication failed for user "${userOf(u)}"; check the user and password in database.url`,
  '3D000': (u) => `database "${decodeURIComponent(u.pathname.slice(1))}" does not exist; create it (createdb) or fix the name in database.url`,
  ECONNREFUSED: () => `connection refused; ${RUNNING}`,
  ENOTFOUND: () => 'host not found; check the host name in database.url',
  EAI_AGAIN: () => 'host not found; check the host name in database.url',
  ETIMEDOUT: () => `timed out; ${RUNNING} and that no firewall is in the way`,
};

/** The user pg logs in as: the URL's, else PGUSER, else the operating-system user (pg's own default). */
function userOf(u: URL): string {
  return decodeURIComponent(u.username) || process.env.PGUSER || String(pg.defaults.user ?? '');
}

/**
 * One line saying why `url` could not be opened, e.g. `cannot connect to postgres h:5432/db:
 * database "db" does not exist (3D000); create it ...`. Common codes become words and the code
 * stays in brackets for searching. The password is never part of it; the user name is, to say
 * whose login failed.
 */
export function describeConnectionFailure(url: string, error: unknown): string {
  const code = String((error as NodeJS.ErrnoException).code ?? (error as Error).message);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const explain = parsed ? FAILURES[code] : undefined;
  const what = explain && parsed ? explain(parsed).replace(';', ` (${code});`) : `${code}; ${RUNNING}`;
  return `cannot connect to ${describePgUrl(url)}: ${what}`;
}

/**
 * Statements on the pool, or on one client. A client takes one statement at a time: callers that
 * ask at once (a fetch of every stream) are queued here rather than in pg, which warns about it.
 * An error that means the server went away is reported as such (lost-connection.ts).
 */
function on(client: pg.Pool | pg.PoolClient, description: string, queue: <T>(task: () => Promise<T>) => Promise<T> = (task) => task()): PgQueryable {
  const run = <T>(task: () => Promise<T>): Promise<T> => queue(task).catch((error: unknown) => { throw lostConnection(error, description); });
  return {
    query: <R>(sql: string, params?: readonly unknown[]) => run(async () => (await client.query(sql, params ? [...params] : undefined)).rows as R[]),
    exec: (sql: string) => run(async () => void (await client.query(sql))),
  };
}

/** Runs `fn` on one pooled connection between `begin` and COMMIT (ROLLBACK when it throws). */
async function inTransaction<T>(pool: pg.Pool, description: string, begin: string, fn: (tx: PgQueryable) => Promise<T>): Promise<T> {
  const client = await pool.connect().catch((error: unknown) => { throw lostConnection(error, description); });
  // A connection the server ends while checked out (a restart, an idle-in-transaction
  // timeout) emits 'error' besides failing its query: unheard, that event would crash the process.
  const ignore = (): void => undefined;
  client.on('error', ignore);
  const queue = oneAtATime();
  const tx = on(client, description, queue);
  try {
    await tx.exec(begin);
    const result = await fn(tx);
    await tx.exec('COMMIT');
    return result;
  } catch (error) {
    // Statements still queued (the next chunk's fetch) must not run after the ROLLBACK, outside
    // the transaction, nor on the client once it is back in the pool.
    await queue.close();
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', ignore);
    client.release();
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
    throw new DatabaseUnavailableError(describeConnectionFailure(url, error), error);
  }
  return {
    ...on(pool, description),
    description,
    embedded: false,
    transaction: <T>(fn: (tx: PgQueryable) => Promise<T>) => inTransaction(pool, description, 'BEGIN', fn),
    // The snapshot's transaction sits idle while the cycle builds and writes on other
    // connections: a server-wide idle_in_transaction_session_timeout must not end it mid-cycle.
    snapshot: <T>(fn: (reads: PgQueryable) => Promise<T>) =>
      inTransaction(pool, description, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL idle_in_transaction_session_timeout = 0', fn),
    close: () => pool.end(),
  };
}
