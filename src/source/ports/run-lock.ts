// The marking lock, held across processes. Part of the dialect port:
// src/source/source.ts gathers the parts, and every layer imports them from there.

import type { LockProbe } from '../lock-probe.js';

/** ssd-delta's marking lock, held across processes. */
export interface RunLock {
  /**
   * Runs `fn` while holding the lock (Postgres: a transaction-scoped advisory lock; SQL Server:
   * sp_getapplock), without waiting for it: when another process holds it, returns
   * `{ ran: false }` at once and `fn` is not run. `fn` may ask whether the lock is still held
   * (a LockProbe, lock-probe.ts): the session holding it can end under a long cycle (a DBA's kill, a
   * network cut, a server restart), and then another process may start a cycle.
   */
  whileHeld<T>(fn: (stillHeld: LockProbe) => Promise<T>): Promise<{ readonly ran: true; readonly value: T } | { readonly ran: false }>;
  /**
   * Whether another session holds the lock now (a cycle is running somewhere), read without
   * taking it; null where no other process can share the database (the embedded one).
   */
  running(): Promise<boolean | null>;
}
