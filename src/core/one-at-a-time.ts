/**
 * A queue that runs the tasks given to it one after another, in the order given, whether each
 * resolves or rejects: for a single database connection that takes one request at a time (a
 * transaction's), while callers (a fetch of every stream at once) ask concurrently.
 */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const next = tail.then(task, task);
    tail = next.catch(() => undefined);
    return next;
  };
}
