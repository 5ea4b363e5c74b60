import mssql from 'mssql';
import { oneAtATime } from '../../core/one-at-a-time.js';
import { param, type SqlParam, type SqlParamType, type SqlParams } from '../sql-runner.js';
import { retryableMssqlError, classifyMssqlError } from './mssql-errors.js';

/** Named parameters (`@name` in the SQL text), typed as src/source/sql-runner.ts says. */
export type MssqlParams = SqlParams;

export { param };

/** The mssql type object for a parameter type (text is always NVARCHAR: SSD names and ids are Unicode). */
function driverType(type: SqlParamType): mssql.ISqlType | mssql.ISqlTypeFactory {
  switch (type) {
    // JSON and lists travel as one NVARCHAR(MAX), read with OPENJSON.
    case 'text': case 'json': case 'list': return mssql.NVarChar(mssql.MAX);
    // A short text compared with an indexed column (NVARCHAR(MAX) would prevent a seek).
    case 'key': return mssql.NVarChar(450);
    // Typed as the VARCHAR(63) columns it is compared with (NVARCHAR would convert the column and scan).
    case 'stream': return mssql.VarChar(63);
    case 'int': return mssql.Int;
    case 'bigint': return mssql.BigInt;
    case 'bit': return mssql.Bit;
    case 'uuid': return mssql.UniqueIdentifier;
    case 'datetime': return mssql.DateTime2(3);
    case 'date': return mssql.Date;
  }
}

/** A value as the driver takes it for its type. */
function driverValue(p: SqlParam): unknown {
  return p.type === 'json' || p.type === 'list' ? JSON.stringify(p.value) : p.value;
}

/** What ssd-delta uses of an mssql Request (the real one, or the fake pool's in tests). */
export interface RequestLike {
  input(name: string, type: unknown, value: unknown): unknown;
  /** Sends the text through sp_executesql: a SET in it lasts only as long as the text. */
  query(sql: string): Promise<{ recordset?: unknown[]; recordsets?: unknown }>;
  /** Sends the text as a batch of its own: a SET in it stays with the session (the pooled connection). */
  batch(sql: string): Promise<unknown>;
}

/** What ssd-delta uses of an mssql Transaction. */
export interface TransactionLike {
  begin(isolationLevel?: number): Promise<unknown>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  request(): RequestLike;
}

/** What ssd-delta uses of an mssql ConnectionPool: the real pool meets it, and so does test/helpers/fake-mssql-pool.ts. */
export interface PoolLike {
  request(): RequestLike;
  transaction(): TransactionLike;
  close(): Promise<void>;
}

/** Runs statements on a pool or inside a transaction. */
export interface MssqlQueryable {
  /** Runs one parameterised statement (or batch) and returns the first result set's rows. */
  query<R = Record<string, unknown>>(sql: string, params?: MssqlParams): Promise<R[]>;
  /** Runs a script; batches are separated by lines holding only `GO`, as in sqlcmd and SSMS. */
  exec(sql: string): Promise<void>;
}

/** Transaction isolation ssd-delta asks for. */
export type Isolation = 'read committed' | 'snapshot';

/** A pool with transactions and retries. */
export interface MssqlConnection extends MssqlQueryable {
  /**
   * Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). A
   * deadlock victim (1205) or a snapshot conflict (3960, 3961) is run again from the start, up
   * to {@link TRANSIENT_RETRIES} times: `fn` must only issue SQL.
   */
  transaction<T>(fn: (tx: MssqlQueryable) => Promise<T>, isolation?: Isolation): Promise<T>;
  /**
   * Runs `fn` in one READ COMMITTED transaction that is never run again: for a transaction that
   * only holds something (the run lock's applock) while `fn` does far more than SQL (a whole
   * cycle, POSTs included), whose errors must reach the caller as they are.
   */
  holding<T>(fn: (tx: MssqlQueryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` with reads that all see one snapshot: a SNAPSHOT transaction on one pooled
   * connection, committed when `fn` resolves, while writes go on through the pool. A marking
   * cycle reads Change Tracking and every SSD row it builds from here, as Microsoft's Change
   * Tracking guidance does for consistent results. Not run again on failure (`fn` does more than
   * SQL); its requests run one at a time, as a transaction's connection requires.
   */
  snapshot<T>(fn: (reads: MssqlQueryable) => Promise<T>): Promise<T>;
  /**
   * Runs one read outside any transaction under SNAPSHOT isolation: it sees the last committed
   * rows without waiting on a writer's row locks (an LA's load may hold them for minutes), and
   * waits at most SNAPSHOT_LOCK_TIMEOUT_MS for a table lock (a TRUNCATE not yet committed)
   * before failing with 1222, so a poll finds a table being written instead of stalling on it.
   */
  readLatest<R = Record<string, unknown>>(sql: string, params?: MssqlParams): Promise<R[]>;
  /**
   * How long a statement may wait for an application lock (sp_getapplock) when it would wait
   * `wanted`: a little under the driver's request timeout, so ssd-delta's own message about the
   * lock is what the operator reads, not the driver's timeout.
   */
  lockWaitMs(wanted: number): number;
  readonly description: string;
  close(): Promise<void>;
}

/** Times a statement or transaction chosen as a deadlock victim (or snapshot conflict) is run again. */
export const TRANSIENT_RETRIES = 3;

/** Splits a script into the batches between `GO` lines. */
export function batches(script: string): string[] {
  return script.split(/^\s*GO\s*$/im).map((b) => b.trim()).filter((b) => b.replace(/--[^\n]*/g, '').trim() !== '');
}

/** A queryable over requests from `makeRequest`, with the session reset a SNAPSHOT transaction needs. */
function on(makeRequest: () => RequestLike): MssqlQueryable & { resetIsolation(): Promise<void> } {
  const query = async <R>(sql: string, params: MssqlParams = {}): Promise<R[]> => {
    const request = makeRequest();
    for (const [name, p] of Object.entries(params)) request.input(name, driverType(p.type), driverValue(p));
    const result = await request.query(sql);
    return (result.recordset ?? []) as R[];
  };
  return {
    query,
    async exec(sql: string) {
      for (const batch of batches(sql)) await query(batch);
    },
    // A batch of its own, not sp_executesql: a SET there would revert when the text returns.
    resetIsolation: async () => void (await makeRequest().batch(READ_COMMITTED)),
  };
}

/** Sets the isolation ssd-delta's statements outside a SNAPSHOT transaction run under. */
const READ_COMMITTED = 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED;';

/**
 * `sql` with a SET statement put in front (after its naming comment line). Sent through
 * sp_executesql, the SET lasts for that text alone and never stays with the pooled session.
 */
export function withSet(set: string, sql: string): string {
  const newline = sql.indexOf('\n');
  return sql.startsWith('--') && newline >= 0 ? `${sql.slice(0, newline)}\n${set}\n${sql.slice(newline + 1)}` : `${set}\n${sql}`;
}

/**
 * Ends a SNAPSHOT transaction's hold on its connection's session: mssql's pool lends a
 * connection on without resetting it, so a later claim or MERGE would otherwise run under
 * SNAPSHOT (and fail with 3960 when two senders meet). Best effort: when the server has rolled
 * the transaction back itself (1205, 3960, 3961) mssql has already returned the connection as it
 * was, which is why every statement outside a transaction also states its isolation.
 */
async function leaveSnapshot(inside: { resetIsolation(): Promise<void> }): Promise<void> {
  await inside.resetIsolation().catch(() => undefined);
}

const ISOLATION: Readonly<Record<Isolation, number>> = {
  'read committed': mssql.ISOLATION_LEVEL.READ_COMMITTED,
  snapshot: mssql.ISOLATION_LEVEL.SNAPSHOT,
};

/** Waits a little before running a deadlock victim again (jittered, so two victims do not meet again). */
function pause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
}

async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt > TRANSIENT_RETRIES || !retryableMssqlError(error)) throw classifyMssqlError(error);
      await pause(attempt);
    }
  }
}

/** database.mssql.requestTimeoutMs's default. */
const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
/** What an application-lock wait leaves of the request timeout for the statement's own THROW to arrive. */
const LOCK_WAIT_MARGIN_MS = 5_000;

/** How long a snapshot read waits for a lock (a load's TRUNCATE holds its table until it commits) before it gives up (1222). */
export const SNAPSHOT_LOCK_TIMEOUT_MS = 30_000;

/**
 * `sql` waiting at most `ms` for a lock (1222 after): for reads of SSD tables a load may hold.
 * Pass MssqlConnection.lockWaitMs(SNAPSHOT_LOCK_TIMEOUT_MS), so the server's 1222 (which names the
 * table) comes before the driver's request timeout.
 */
export function withLockTimeout(sql: string, ms: number): string {
  return withSet(`SET LOCK_TIMEOUT ${ms};`, sql);
}

/** Wraps a connected pool (mssql's, or the fake one) as ssd-delta's SQL Server connection. */
export function mssqlConnection(pool: PoolLike, description: string, requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): MssqlConnection {
  const base = on(() => pool.request());
  const lockWaitMs = (wanted: number): number => Math.max(0, Math.min(wanted, requestTimeoutMs - LOCK_WAIT_MARGIN_MS));
  const snapshotLockMs = lockWaitMs(SNAPSHOT_LOCK_TIMEOUT_MS);
  return {
    // The connection may come from a transaction the server rolled back under SNAPSHOT: say READ COMMITTED.
    query: (sql, params) => withRetries(() => base.query(withSet(READ_COMMITTED, sql), params)),
    // Each batch says READ COMMITTED too (but a CREATE ... must be first in its batch: those run in migrations' transactions).
    exec: async (sql) => {
      for (const batch of batches(sql)) await base.query(/^\s*CREATE\s/i.test(batch.replace(/--[^\n]*/g, '')) ? batch : withSet(READ_COMMITTED, batch)).catch((error: unknown) => { throw classifyMssqlError(error); });
    },
    readLatest: (sql, params) => withRetries(() => base.query(withSet('SET TRANSACTION ISOLATION LEVEL SNAPSHOT;', withLockTimeout(sql, snapshotLockMs)), params)),
    description,
    lockWaitMs,
    transaction<T>(fn: (tx: MssqlQueryable) => Promise<T>, isolation: Isolation = 'read committed'): Promise<T> {
      return withRetries(async () => {
        const tx = pool.transaction();
        await tx.begin(ISOLATION[isolation]);
        const inside = on(() => tx.request());
        try {
          const result = await fn(inside);
          if (isolation !== 'read committed') await inside.resetIsolation();
          await tx.commit();
          return result;
        } catch (error) {
          if (isolation !== 'read committed') await leaveSnapshot(inside);
          // A deadlock victim's transaction is already rolled back by the server.
          await tx.rollback().catch(() => undefined);
          throw error;
        }
      });
    },
    async holding<T>(fn: (tx: MssqlQueryable) => Promise<T>): Promise<T> {
      const tx = pool.transaction();
      await tx.begin(ISOLATION['read committed']).catch((error: unknown) => { throw classifyMssqlError(error); });
      let result: T;
      try {
        result = await fn(on(() => tx.request()));
      } catch (error) {
        await tx.rollback().catch(() => undefined);
        throw error;
      }
      // What `fn` did is durable on other connections: a commit that fails (the session ended
      // under it) loses only what this transaction held, so the result stands.
      await tx.commit().catch(() => undefined);
      return result;
    },
    async snapshot<T>(fn: (reads: MssqlQueryable) => Promise<T>): Promise<T> {
      const tx = pool.transaction();
      await tx.begin(ISOLATION.snapshot).catch((error: unknown) => { throw classifyMssqlError(error); });
      // The transaction's connection takes one request at a time; a fetch asks for every stream at once.
      const queue = oneAtATime();
      const inside = on(() => tx.request());
      // Each read waits at most SNAPSHOT_LOCK_TIMEOUT_MS for a lock: a load's TRUNCATE holds its table until it commits.
      const reads: MssqlQueryable = { query: (sql, params) => queue(() => inside.query(withLockTimeout(sql, snapshotLockMs), params)), exec: (sql) => queue(() => inside.exec(sql)) };
      try {
        const result = await fn(reads);
        await queue(() => inside.resetIsolation());
        await tx.commit();
        return result;
      } catch (error) {
        // Requests still queued or running (the next chunk's fetch) would make the rollback fail
        // (EREQINPROG) and leave the transaction, and its connection, open: let them end first.
        await queue.close();
        await leaveSnapshot(inside);
        await tx.rollback().catch(() => undefined);
        throw classifyMssqlError(error);
      }
    },
    close: () => pool.close(),
  };
}
