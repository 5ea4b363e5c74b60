import type { CycleStats } from './cycle-stats.js';

/**
 * Why a cycle left children unsent, one sentence each (CycleStats.waits): held for a load, a
 * mass-delete guard's stop, the send window (`closed`), the circuit breaker, children the API
 * did not take. Empty when it sent everything it could. The sentences name tables and config
 * keys, never a child.
 */
export function cycleWaits(stats: CycleStats, closed: string | undefined, guard: unknown): string[] {
  const waits: string[] = [];
  if (stats.held.length > 0) waits.push(`waiting for the load of ${stats.held.join(', ')} to finish: nothing marked (capture.reloadGraceMinutes bounds the wait)`);
  if (guard !== undefined) waits.push(`marking stopped by a mass-delete guard: ${(guard as Error).message}`);
  if (closed !== undefined) waits.push(closed);
  if (stats.stopped) waits.push(`sending stopped by the circuit breaker: ${stats.stopped}`);
  if (stats.released > 0 && !stats.stopped) waits.push(`${stats.released} children not taken by the API: pending for the next cycle`);
  return waits;
}

/** What a cycle that took over leases of runs that ended says (the log, `run`'s output, `serve`'s cycle line). */
export function takenOverSentence(stats: CycleStats): string {
  return `took over ${stats.takenOver} children leased by runs that ended (${stats.takenFrom.join('; ')}): sent in this cycle, each whole, with purges for anything an unanswered offer may have held`;
}
