import { withLockProbe, type LockProbe } from '../lock-probe.js';
import type { RunLock } from '../source.js';
import type { PgConnection } from './pg-connection.js';
import type { SqlNames } from '../sql-names.js';

/** Any fixed number, apart from the migration lock's: the lock marking cycles take. */
const MARK_LOCK = 0x55d_de17b;

/**
 * The marking lock on Postgres: pg_try_advisory_xact_lock in a transaction kept open while the
 * cycle marks on the pool's other connections, so a process that dies releases it with its
 * connection. The embedded database serves one process only and needs none.
 */
export function postgresRunLock(db: PgConnection, names: SqlNames): RunLock {
  return {
    async whileHeld<T>(fn: (stillHeld: LockProbe) => Promise<T>) {
      if (db.embedded) return { ran: true as const, value: await fn(async () => true) };
      return db.transaction(async (tx) => {
        // Advisory locks are per database: keyed by the schema too, so ssd-delta in another schema
        // of the same database (another LA's, a test's) never locks this one out.
        const [row] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS got', [MARK_LOCK, names.schema]);
        if (!row?.got) return { ran: false as const };
        // This transaction sits idle while the cycle marks on other connections: a server-wide
        // idle_in_transaction_session_timeout must not end it (and the lock) mid-cycle.
        await tx.query('SET LOCAL idle_in_transaction_session_timeout = 0');
        // A transaction-scoped lock lasts as long as its transaction: a session that still answers
        // inside it holds it (an aborted transaction, or a session that ended, does not answer).
        const ask = async (): Promise<boolean> => (await tx.query<{ held: boolean }>('SELECT true AS held'))[0]?.held === true;
        return { ran: true as const, value: await withLockProbe(ask, fn) };
      });
    },
  };
}
