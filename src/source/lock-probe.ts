import { realAfter, type After } from '../core/clock.js';

/**
 * Asks the lock's own session whether it still holds the lock: false when the session ended or
 * cannot answer (never true by mistake). Calls made while one is under way share its answer
 * (the session takes one request at a time).
 */
export type LockProbe = () => Promise<boolean>;

/** How long a probe may wait for the lock's session: a connection a firewall dropped in silence never answers. */
export const LOCK_PROBE_TIMEOUT_MS = 15_000;

/** A {@link LockProbe} and a way to wait until no probe request is left on the lock's session. */
export interface SessionProbe {
  readonly stillHeld: LockProbe;
  /**
   * Resolves once the last probe's request has ended, whatever it answered: the lock's
   * transaction must not be committed or rolled back under a request still running on its
   * connection (SQL Server's driver refuses to, and the lock would stay held). From then on the
   * probe says false without asking: work left running after its cycle ended (a chunk still
   * marking when the pipeline failed) neither writes nor sends a request onto the ending session.
   */
  settled(): Promise<void>;
}

/**
 * A {@link SessionProbe} from one query on the lock's session (`ask`): its answer; false when it
 * throws or has not answered within {@link LOCK_PROBE_TIMEOUT_MS} (the cycle then stops claiming:
 * at worst a cycle stopped early, never two at once). Calls share the one under way. Once it has
 * said false it says so from then on without asking again: a request that timed out may still
 * run on the session, and another would be refused there (or queue behind it).
 */
export function lockProbe(ask: () => Promise<boolean>, after: After = realAfter): SessionProbe {
  let asking: Promise<boolean> | undefined;
  let lost = false;
  // Every request sent, ended or not: settled() waits for them all.
  let requests: Promise<unknown> = Promise.resolve();
  let closed = false;
  const once = async (): Promise<boolean> => {
    if (lost || closed) return false;
    const answer = ask().catch(() => false);
    requests = Promise.all([requests, answer]);
    let cancel: () => void = () => undefined;
    const timedOut = new Promise<boolean>((resolve) => (cancel = after(LOCK_PROBE_TIMEOUT_MS, () => resolve(false))));
    try {
      const held = await Promise.race([answer, timedOut]);
      if (!held) lost = true;
      return held;
    } finally {
      cancel();
    }
  };
  return {
    stillHeld: async () => {
      if (closed) return false;
      asking ??= once().finally(() => {
        asking = undefined;
      });
      // A request already under way when settled() was called answers for a lock about to be
      // released: false to whoever asked, before or after, so no write follows it.
      const held = await asking;
      return held && !closed;
    },
    settled: async () => {
      closed = true;
      await requests;
    },
  };
}

/**
 * Runs `fn` with a {@link LockProbe} made from `ask` (one query on the lock's session), and waits
 * for its last request to end before returning: the caller ends the lock's transaction next, and
 * SQL Server's driver refuses to while a request runs on its connection (the lock would stay held).
 */
export async function withLockProbe<T>(ask: () => Promise<boolean>, fn: (stillHeld: LockProbe) => Promise<T>): Promise<T> {
  const probe = lockProbe(ask);
  try {
    return await fn(probe.stillHeld);
  } finally {
    await probe.settled();
  }
}
