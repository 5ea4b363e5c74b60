/** Stages of one cycle, in order, whose time is reported. */
export const STAGES = ['capture', 'touch', 'fetch', 'build', 'hash', 'mark', 'submit'] as const;
/** One stage name. */
export type Stage = (typeof STAGES)[number];

/** What one cycle did: the demo prints it, `run` logs it, ssd_delta_cycle stores it. */
export interface CycleStats {
  /** Raw change records read from the feed. */
  changesRead: number;
  /** Children touched (rebuilt). */
  touched: number;
  /** Of those, children whose document changes by time alone today (valid_until reached). */
  due: number;
  /** True when every child was evaluated. */
  baseline: boolean;
  new: number;
  updated: number;
  unchanged: number;
  deleted: number;
  invalid: number;
  /** Children the API accepted in this cycle. */
  sent: number;
  /** Children the API refused in this cycle (now `error`). */
  errors: number;
  /** Children the API could not take (down, retries used up): pending for the next cycle. */
  released: number;
  /** Why sending stopped early (the circuit breaker), or null. */
  stopped: string | null;
  /** POSTs made. */
  batches: number;
  /** SSD tables the cycle held for (truncated, shrunk, or still being written; see capture/table-guard.ts): nothing was marked. */
  held: string[];
  /** Streams whose feed could not be read from the watermark (history expired, tracking reset): every child re-evaluated. */
  rebaselined: string[];
  /** True when another process held the run lock (it was running a cycle): this cycle did nothing. */
  lockedOut: boolean;
  /** Children whose lease this cycle took over from runs that ended (killed, crashed, lock lost), sent in this cycle. */
  takenOver: number;
  /** The runs they had been leased to (run-label.ts; `a run of an earlier version` for an unnamed lease). */
  takenFrom: string[];
  /** Of those, children whose document changed since the ended run's offer: they wait for its fence (take-over-leases.sql). */
  fenced: number;
  /**
   * Why this cycle left children unsent, one sentence each (held for a load, a guard, outside
   * the send window, the breaker, children the API did not take); empty when it sent all it could.
   */
  waits: string[];
  /**
   * The earliest the oldest change the capture read can have been committed (the database's
   * clock; ChangeBatch.oldestChangeAt), or null (none, a baseline): the children this cycle
   * finds waiting are stamped as waiting from then, which commit-to-receipt counts from.
   */
  oldestChangeAt: Date | null;
  /** Milliseconds per stage. */
  ms: Record<Stage, number>;
}

/** An empty stats object to accumulate into. */
export function emptyStats(): CycleStats {
  return {
    changesRead: 0, touched: 0, due: 0, baseline: false, new: 0, updated: 0, unchanged: 0, deleted: 0, invalid: 0,
    sent: 0, errors: 0, released: 0, stopped: null, batches: 0, held: [], rebaselined: [], lockedOut: false, takenOver: 0, takenFrom: [], fenced: 0, waits: [], oldestChangeAt: null,
    ms: { capture: 0, touch: 0, fetch: 0, build: 0, hash: 0, mark: 0, submit: 0 },
  };
}

/** Runs `fn` and adds its wall time to `stats.ms[stage]`. */
export async function timed<T>(stats: CycleStats, stage: Stage, fn: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    stats.ms[stage] += performance.now() - start;
  }
}
