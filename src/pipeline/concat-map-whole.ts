import { catchError, concatMap, defer, type OperatorFunction } from 'rxjs';

/**
 * concatMap for work that writes: an error from upstream (a later chunk's fetch failing) is
 * passed on only once the work under way has ended. Plain concatMap passes it on at once and
 * leaves that work running unobserved; the cycle would then release its run lock while a chunk's
 * write was still in flight, and that write could land after another process took the lock.
 */
export function concatMapWhole<T, R>(work: (value: T) => Promise<R>): OperatorFunction<T, R> {
  return (source) =>
    defer(() => {
      let current: Promise<unknown> = Promise.resolve();
      return source.pipe(
        concatMap((value) => (current = work(value))),
        catchError(async (error: unknown) => {
          await current.then(
            () => undefined,
            () => undefined,
          );
          throw error;
        }),
      );
    });
}
