/**
 * Asks the lock's own session whether it still holds the lock: false when the session ended or
 * cannot answer (never true by mistake). Calls made while one is under way share its answer
 * (the session takes one request at a time).
 */
export type LockProbe = () => Promise<boolean>;

/** A {@link LockProbe} from one query on the lock's session: its answer, false when it throws; calls share the one under way. */
export function lockProbe(ask: () => Promise<boolean>): LockProbe {
  let asking: Promise<boolean> | undefined;
  return () => {
    asking ??= ask()
      .catch(() => false)
      .finally(() => {
        asking = undefined;
      });
    return asking;
  };
}
