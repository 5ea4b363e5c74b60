import { SsdDeltaError } from '../../core/errors.js';
import { withLockProbe, type LockProbe } from '../lock-probe.js';
import type { RunLock } from '../source.js';
import type { SqlNames } from '../sql-names.js';
import { param, type MssqlConnection } from './mssql-connection.js';

/**
 * The name of one of ssd-delta's application locks (sp_getapplock) for its schema: locks are
 * per database, so ssd-delta in another schema of the same database never locks this one out.
 */
export function appLockName(purpose: 'mark' | 'refresh' | 'migrate', names: SqlNames): string {
  // Resource names compare byte for byte; schema names (usually) do not: Ssd_Delta is ssd_delta.
  return `ssd_delta_${purpose}:${names.schema.toLowerCase()}`;
}

/**
 * The run lock on SQL Server: sp_getapplock owned by a transaction kept open (holding no data
 * locks, writing no log) for a whole cycle, capture to the last answer, while the cycle works on
 * the pool's other connections; a process that dies releases it with its connection.
 * @LockTimeout = 0: a second process does not wait.
 */
export function mssqlRunLock(db: MssqlConnection, names: SqlNames): RunLock {
  return {
    async whileHeld<T>(fn: (stillHeld: LockProbe) => Promise<T>) {
      // Never run again: `fn` is a whole cycle (POSTs included); a deadlock inside it is its own error.
      return db.holding(async (tx) => {
        const [row] = await tx.query<{ result: number }>(
          "DECLARE @result INT; EXEC @result = sp_getapplock @Resource = @lock, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 0; SELECT @result AS result;",
          { lock: param.key(appLockName('mark', names)) },
        );
        const result = row?.result ?? -999;
        // -1: another session holds it (a timeout of 0 ms); -2, -3, -999: the call itself failed.
        if (result === -1) return { ran: false as const };
        if (result < 0) throw new SsdDeltaError('RUN_LOCK_FAILED', `sp_getapplock on ${appLockName('mark', names)} failed (${result}): the cycle did not run; it is tried again next time`, { retryable: true, exitCode: 1 });
        // APPLOCK_MODE asked on the lock's own transaction: 'Exclusive' while it holds the lock.
        const ask = async (): Promise<boolean> => (await tx.query<{ mode: string }>("SELECT APPLOCK_MODE('public', @lock, 'Transaction') AS mode", { lock: param.key(appLockName('mark', names)) }))[0]?.mode === 'Exclusive';
        return { ran: true as const, value: await withLockProbe(ask, fn) };
      });
    },
    async running() {
      // APPLOCK_TEST with a session owner needs no transaction and takes nothing: 0 when the
      // lock could not be granted now, i.e. another session holds it.
      const [row] = await db.query<{ free: number }>("SELECT APPLOCK_TEST('public', @lock, 'Exclusive', 'Session') AS free", { lock: param.key(appLockName('mark', names)) });
      return row?.free === 0;
    },
  };
}
