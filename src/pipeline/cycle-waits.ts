import { maskUrlCredentials } from '../config/shown-value.js';
import { SsdDeltaError } from '../core/errors.js';
import type { LeaseGroup, UnsentCounts } from '../source/source.js';
import type { CycleStats } from './cycle-stats.js';

/** What a cycle found, besides its stats, that leaves children unsent. */
export interface CycleWaitFacts {
  /** Why it sent nothing at all (outside schedule.send), if so. */
  readonly closed?: string | undefined;
  /** A mass-delete guard's stop, if one stopped its marking. */
  readonly guard?: unknown;
}

/**
 * Why a cycle itself left children unsent, one sentence each: held for a load, a mass-delete
 * guard's stop, the send window, the circuit breaker, children the API did not take (with
 * {@link unsentSentences}, CycleStats.waits). Empty when it sent everything it could. The
 * sentences name tables and config keys, never a child.
 */
export function cycleWaits(stats: CycleStats, facts: CycleWaitFacts = {}): string[] {
  const waits: string[] = [];
  if (stats.held.length > 0) waits.push(`waiting for the load of ${stats.held.join(', ')} to finish: nothing marked (capture.reloadGraceMinutes bounds the wait)`);
  if (facts.guard !== undefined) waits.push(`marking stopped by a mass-delete guard: ${(facts.guard as Error).message}`);
  if (facts.closed !== undefined) waits.push(facts.closed);
  if (stats.stopped) waits.push(`sending stopped by the circuit breaker: ${stats.stopped}`);
  if (stats.released > 0 && !stats.stopped) waits.push(`${stats.released} children not taken by the API: pending for the next cycle`);
  return waits;
}

/** Who holds a lease, in words. */
export function leaseHolder(group: Pick<LeaseGroup, 'leasedBy'>): string {
  return group.leasedBy ?? 'a run of an earlier version';
}

/** Children leased to a run that ended (only the run holding the run lock sends). */
export function endedRunSentence(group: LeaseGroup): string {
  return `${group.children} children leased to ${leaseHolder(group)}, which has ended: the next cycle takes them over and sends them (one whose document has changed since waits until that run's lease runs out, ${group.until}, when its unanswered POST can no longer arrive)`;
}

/** Sentences for children no cycle sends as things stand (fenced, refused for good, purges held). */
export function unsentSentences(unsent: UnsentCounts, maxAttempts: number): string[] {
  const lines: string[] = [];
  if (unsent.fenced > 0) {
    lines.push(
      `${unsent.fenced} children changed after a run that ended sent an earlier document without an answer: sent by the first cycle after ${unsent.fencedUntil ?? 'a few minutes'}, ` +
        "when that run's lease has run out and its POST can no longer arrive, so the older document never lands after the newer one",
    );
  }
  if (unsent.refused > 0) {
    lines.push(`${unsent.refused} children refused by the API submit.maxAttempts (${maxAttempts}) times are not sent again until \`ssd-delta resend --status error\`, once the cause is fixed (the reasons: the status page, or \`ssd-delta history --person ID\`)`);
  }
  if (unsent.retrying > 0) lines.push(`${unsent.retrying} children refused by the API fewer than submit.maxAttempts (${maxAttempts}) times: the next cycle sends them again`);
  if (unsent.purgesHeld > 0) lines.push(`${unsent.purgesHeld} children gone from the SSD are not purged from the API: payload.purgeDeleted is false`);
  return lines;
}

/** What a cycle that took over leases of runs that ended says (the log, `run`'s output, `serve`'s cycle line). */
export function takenOverSentence(stats: CycleStats): string {
  const waiting = stats.fenced > 0 ? `; ${stats.fenced} of them changed since and wait until that POST can no longer arrive` : '';
  return `took over ${stats.takenOver} children leased by runs that ended (${stats.takenFrom.join('; ')}): sent as whole documents, so the API ends up with exactly the current one whatever their unanswered POSTs did${waiting}`;
}

/**
 * Why a cycle failed, as /readyz, stdout, alerts and `status` may say it: ssd-delta's own
 * messages (they name keys, tables and fixes, never row values; URL credentials masked), and for
 * anything else only that it happened (a driver's message can quote a row's values: it goes to
 * the log alone).
 */
export function publicReason(error: unknown): string {
  if (error instanceof SsdDeltaError) return maskUrlCredentials(error.message);
  return 'an unexpected error (the log at error level says which)';
}
