/** Runs the tasks given to it one after another (see {@link oneAtATime}). */
export interface SerialQueue {
  <T>(task: () => Promise<T>): Promise<T>;
  /**
   * Refuses every task not yet started (they reject) and resolves once the one running, if any,
   * has ended: after a failure, so the connection can be rolled back with nothing in flight.
   */
  close(): Promise<void>;
}

/**
 * A queue that runs the tasks given to it one after another, in the order given, whether each
 * resolves or rejects: for a single database connection that takes one request at a time (a
 * transaction's), while callers (a fetch of every stream at once) ask concurrently.
 */
export function oneAtATime(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;
  const queue = <T>(task: () => Promise<T>): Promise<T> => {
    const guarded = (): Promise<T> => (closed ? Promise.reject(new Error('the connection was given up after an earlier failure')) : task());
    const next = tail.then(guarded, guarded);
    tail = next.catch(() => undefined);
    return next;
  };
  return Object.assign(queue, {
    close: async (): Promise<void> => {
      closed = true;
      await tail;
    },
  });
}
