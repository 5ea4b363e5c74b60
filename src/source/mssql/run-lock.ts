import type { RunLock } from '../source.js';
import type { MssqlConnection } from './mssql-connection.js';

/**
 * The marking lock on SQL Server: sp_getapplock owned by a transaction kept open (holding no
 * data locks) while the cycle marks on the pool's other connections; a process that dies
 * releases it with its connection. @LockTimeout = 0: a second process does not wait.
 */
export function mssqlRunLock(db: MssqlConnection): RunLock {
  return {
    async whileHeld<T>(fn: () => Promise<T>) {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ result: number }>(
          "DECLARE @result INT; EXEC @result = sp_getapplock @Resource = N'ssd_delta_mark', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 0; SELECT @result AS result;",
        );
        if ((row?.result ?? -1) < 0) return { ran: false as const };
        return { ran: true as const, value: await fn() };
      });
    },
  };
}
