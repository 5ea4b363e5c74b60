import type { Config } from '../config/config-schema.js';
import type { BatchPoster } from '../submit/batch-poster.js';
import { SsdDeltaError } from '../core/errors.js';
import type { LockProbe } from '../source/lock-probe.js';
import { submitPending } from '../submit/submit-pending.js';
import { DEFAULT_SUBMIT_POLICY, type SubmitSettings } from '../submit/submit-policy.js';
import { markUnderLock, type CycleDeps } from './build-pipeline.js';
import { emptyStats, timed, type CycleStats } from './cycle-stats.js';
import { runLockLost } from './run-lock-lost.js';
import { describeError } from '../core/errors.js';
import { runLabel } from '../submit/run-label.js';
import { cycleWaits, leaseHolder, publicReason, takenOverSentence, unsentSentences } from './cycle-waits.js';

/**
 * One full cycle (capture, mark, then send every pending child) under the run lock, so two
 * processes on one database (a second `serve`, a manual `run` during `serve`, a cron run
 * overlapping a slow one) never run cycles at once: the one that finds the lock taken does
 * nothing, says so (`lockedOut`) and returns at once. A failure to send (no token, API down)
 * leaves the marking durable and the children pending for the next cycle; a marking stopped by
 * a mass-delete guard still sends what was pending before, then throws the guard's error.
 */
export async function runCycle(
  deps: CycleDeps & { readonly poster: BatchPoster; readonly submit: SubmitSettings; readonly payload?: Pick<Config['payload'], 'mode' | 'purgeDeleted'> },
): Promise<CycleStats> {
  const stats = emptyStats();
  const held = await deps.source.lock.whileHeld((stillHeld) => cycleUnderLock(deps, stats, stillHeld).catch(async (error: unknown) => {
    await keepFailure(deps, error);
    throw error;
  }));
  if (held.ran) return held.value;
  stats.lockedOut = true;
  deps.logger.info('another ssd-delta process is running a cycle on this database: this one skipped');
  return stats;
}

async function cycleUnderLock(
  deps: Parameters<typeof runCycle>[0],
  stats: CycleStats,
  stillHeld: LockProbe,
): Promise<CycleStats> {
  // When this cycle took the lock, by the database's clock: every lease made before then belongs
  // to a run that no longer holds it, and is taken over before sending (takeOverLeases).
  const since = await deps.source.submissions.now();
  const leasedBy = runLabel();
  await deps.source.submissions.recordRunner(leasedBy);
  // A mass-delete guard stops the marking, not the sending: what earlier cycles marked (updates,
  // purges the SSD justified, retries) still goes, and then the guard's error is raised.
  let stopped: unknown;
  await markUnderLock({ ...deps, stillHeld }, stats).catch((error: unknown) => {
    if (!isGuardStop(error)) throw error;
    stopped = error;
    // Said now, in the log, in case sending fails too (its error is what the run ends with then).
    deps.logger.error({ code: (error as { code?: string }).code }, (error as Error).message);
  });
  if (!(await stillHeld())) throw runLockLost('while it marked');
  // Named again: before the first marking there was no row to name it on.
  await deps.source.submissions.recordRunner(leasedBy);
  // What waits to be sent from now on is stamped once, from its oldest change this cycle read, so
  // its wait is measured from (about) that change's commit and across retries.
  await timed(stats, 'mark', () => deps.source.staging.stampWaiting(stats.oldestChangeAt));
  await takeOverLeases(deps, stats, since);
  let lost = false;
  const totals = await timed(stats, 'submit', () =>
    submitPending({
      leasedBy,
      // Before every POST: a run that lost its lock sends nothing more (the next run takes its leases over).
      maySend: stillHeld,
      submissions: deps.source.submissions,
      poster: deps.poster,
      batchSize: deps.submit.batchSize,
      concurrency: deps.submit.concurrency,
      leaseSeconds: deps.submit.leaseSeconds,
      ...(deps.submit.longestPostMs !== undefined ? { longestPostMs: deps.submit.longestPostMs } : {}),
      policy: deps.submit.policy ?? DEFAULT_SUBMIT_POLICY,
      ...(deps.submit.sleep ? { sleep: deps.submit.sleep } : {}),
      ...(deps.submit.random ? { random: deps.submit.random } : {}),
      ...(deps.submit.now ? { now: deps.submit.now } : {}),
      // Before each claim: a service stopping, or the lock gone (another process may be cycling now).
      stopClaiming: async () => {
        if (deps.submit.stopClaiming?.()) return true;
        if (await stillHeld()) return false;
        lost = true;
        return true;
      },
      ...(deps.submit.onAnswer ? { onAnswer: deps.submit.onAnswer } : {}),
      logger: deps.logger,
      mode: deps.payload?.mode,
      purgeDeleted: deps.payload?.purgeDeleted,
    }),
  );
  stats.sent = totals.sent;
  stats.errors = totals.errors;
  stats.released = totals.released;
  stats.stopped = totals.stopped;
  stats.batches = totals.batches;
  // Asked once more: a batch that found the lock gone gives itself back, and a service stopping
  // or the breaker may have stopped the claims before anyone asked.
  if (!lost && !(await stillHeld())) lost = true;
  if (lost) {
    deps.logger.error({ ...stats }, 'the run lock was lost while sending');
    throw runLockLost('while it sent');
  }
  // With what no cycle sends as things stand (fenced, refused for good, purges held), the cycle's reasons.
  const maxAttempts = (deps.submit.policy ?? DEFAULT_SUBMIT_POLICY).maxAttempts;
  // Only reported: a database that cannot answer now does not turn a cycle that sent into a failed one.
  const unsent = await deps.source.submissions.unsent(maxAttempts, deps.payload?.purgeDeleted ?? true).catch((error: unknown) => {
    deps.logger.warn({ error: describeError(error) }, 'could not count the children left unsent (for status)');
    return null;
  });
  const own = cycleWaits(stats, { closed: deps.submit.closed, guard: stopped });
  stats.waits = [...own, ...(unsent ? unsentSentences(unsent, maxAttempts) : [])];
  // For `status`, which counts what no cycle sends itself, as it is then; a database that cannot
  // take it now has already said so to the cycle.
  await deps.source.submissions.recordWaits(own).catch((error: unknown) => deps.logger.warn({ error: describeError(error) }, 'could not keep why this cycle left children unsent (for status)'));
  if (stopped !== undefined) {
    deps.logger.info({ ...stats }, 'cycle stopped by a mass-delete guard; what was pending was sent');
    throw stopped;
  }
  return stats;
}

/**
 * Takes over the leases of runs that ended (take-over-leases.sql): their children are sent in
 * this cycle instead of waiting out submit.leaseSeconds, but for those whose document changed
 * since the ended run's unanswered offer, which wait until that POST can no longer arrive. Only
 * under the run lock: a lease renewed since `since` is a newer run's and is left alone.
 */
async function takeOverLeases(deps: Parameters<typeof runCycle>[0], stats: CycleStats, since: Date): Promise<void> {
  const taken = await deps.source.submissions.takeOverLeases(since);
  stats.takenOver = taken.reduce((n, t) => n + t.children, 0);
  stats.takenFrom = taken.map((t) => leaseHolder(t));
  stats.fenced = taken.reduce((n, t) => n + t.changed, 0);
  if (stats.takenOver > 0) deps.logger.warn({ children: stats.takenOver, runs: stats.takenFrom }, takenOverSentence(stats));
}

/**
 * Keeps, for `status`, that the cycle failed and why (ssd-delta's words only). Not for a guard's
 * stop (its reasons are kept already) nor a lost lock (another process may be cycling now).
 */
async function keepFailure(deps: Parameters<typeof runCycle>[0], error: unknown): Promise<void> {
  const code = (error as { code?: unknown } | null)?.code;
  if (isGuardStop(error) || code === 'RUN_LOCK_LOST') return;
  await deps.source.submissions.recordWaits([`the cycle failed: ${publicReason(error)}`]).catch(() => undefined);
}

/** True for the errors with which a mass-delete guard stops a cycle's marking. */
function isGuardStop(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'MASS_DELETE_GUARD' || code === 'MASS_PURGE_GUARD';
}
