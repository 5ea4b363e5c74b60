/**
 * Injectable time. Everything that asks "what is today" or "how long did that take" goes
 * through a Clock so tests and replays (`--as-of`) control it.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /** Today's date as `YYYY-MM-DD` (UTC, or the fixed as-of date). */
  today(): string;
}

/** The real clock; `asOf` (YYYY-MM-DD) pins "today" for replays while time still moves. */
export function systemClock(asOf?: string): Clock {
  return {
    now: () => new Date(),
    today: () => asOf ?? new Date().toISOString().slice(0, 10),
  };
}

/** A clock frozen at one instant, for tests. */
export function fixedClock(iso: string): Clock {
  const at = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return { now: () => new Date(at), today: () => at.toISOString().slice(0, 10) };
}

/** Calls `fn` after `ms` unless the function it returns cancels it: waits a test can drive by hand. */
export type After = (ms: number, fn: () => void) => () => void;

/** {@link After} on the real timers. */
export const realAfter: After = (ms, fn) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};
