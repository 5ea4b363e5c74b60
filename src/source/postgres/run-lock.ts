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
        // Nor Postgres 17's transaction_timeout (unknown before 17: only set where it exists).
        await tx.query("SELECT set_config('transaction_timeout', '0', true) WHERE current_setting('server_version_num')::int >= 170000");
        // A transaction-scoped lock lasts as long as its transaction: a session that still answers
        // inside it holds it (an aborted transaction, or a session that ended, does not answer).
        const ask = async (): Promise<boolean> => (await tx.query<{ held: boolean }>('SELECT true AS held'))[0]?.held === true;
        return { ran: true as const, value: await withLockProbe(ask, fn) };
      });
    },
    async running() {
      if (db.embedded) return null;
      // pg_locks shows every session's advisory locks to any role; the two-key form keeps the
      // first key in classid and the second in objid (an int4 read as an oid), objsubid 2.
      const rows = await db.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND classid = $1::int4::oid AND objid = hashtext($2)::oid) AS held`,
        [MARK_LOCK, names.schema],
      );
      return rows[0]?.held === true;
    },
  };
}
