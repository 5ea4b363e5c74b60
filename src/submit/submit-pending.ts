import { defer, EMPTY, expand, lastValueFrom, mergeMap, range, reduce } from 'rxjs';
import { describeError } from '../core/errors.js';
import { setTimeout as delay } from 'node:timers/promises';
import { CircuitBreaker } from './circuit-breaker.js';
import { createPostGap } from './post-gap.js';
import { runLabel } from './run-label.js';
import { sendBatch, type BatchResult, type SendBatchOptions } from './send-batch.js';

/** What a submission run needs: the batch options without the run's own parts, and the worker count. */
export type SubmitRunOptions = Omit<SendBatchOptions, 'gap' | 'runStarted' | 'leasedBy'> & {
  readonly concurrency: number;
  /** The clock, in ms and monotonic, the gap between POSTs and a lease's age read (SubmitSettings.now). */
  readonly now?: () => number;
  /** True once no more batches should be claimed (a service stopping, the run lock lost): batches in flight still finish. Asked before each claim. */
  readonly stopClaiming?: () => boolean | Promise<boolean>;
  /** Who holds the leases this run takes (run-label.ts); a new label when absent. */
  readonly leasedBy?: string;
};

/** Totals of one submission run. */
export interface SubmitTotals {
  readonly batches: number;
  readonly sent: number;
  /** Children refused (now `error`). */
  readonly errors: number;
  /** Children the API could not take, back to pending for the next run. */
  readonly released: number;
  /** Why the circuit breaker stopped sending, or null when it did not. */
  readonly stopped: string | null;
}

const STOPPED: BatchResult = { claimed: 0, sent: 0, errors: 0, released: 0, unavailable: null };

/**
 * Sends every pending child: `concurrency` workers, each claiming a batch, sending it and
 * recording the answer before claiming the next (so no more than `concurrency` batches are
 * ever leased or in flight). Stops when a claim comes back empty.
 *
 * The circuit breaker stops claiming after `policy.breakerThreshold` batches in a row the API
 * could not take; batches in flight finish and the rest stay pending.
 *
 * A failure that says nothing about the children (no token, database gone) stops every worker
 * from claiming more, lets the batches already in flight finish and record their answers, and
 * is thrown once all workers have stopped: nothing is left leased behind a closed pool.
 */
export async function submitPending(options: SubmitRunOptions): Promise<SubmitTotals> {
  let failure: { error: unknown } | undefined;
  const breaker = new CircuitBreaker(options.policy.breakerThreshold);
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const runStarted = await options.submissions.now();
  const batchOptions: SendBatchOptions = { ...options, sleep, gap: createPostGap(options.policy.minGapMs, sleep, options.now), runStarted, leasedBy: options.leasedBy ?? runLabel() };
  const halted = (): boolean => Boolean(failure || breaker.reason);
  // Asked again after stopClaiming's answer: another worker may have failed or tripped the breaker meanwhile.
  const stopped = async (): Promise<boolean> => halted() || (await options.stopClaiming?.()) === true || halted();
  const step = async (): Promise<BatchResult> =>
    (await stopped())
      ? STOPPED
      : sendBatch(batchOptions).then(
          (result) => {
            breaker.record(result);
            return result;
          },
          (error: unknown) => {
            if (failure) options.logger.error({ error: describeError(error) }, 'another batch failed while sending was stopping');
            failure ??= { error };
            return STOPPED;
          },
        );
  const worker$ = defer(step).pipe(expand((result: BatchResult) => (result.claimed > 0 ? defer(step) : EMPTY)));
  const totals = await lastValueFrom(
    range(0, options.concurrency).pipe(
      mergeMap(() => worker$),
      reduce(
        (sum, r) => ({ batches: sum.batches + (r.claimed > 0 ? 1 : 0), sent: sum.sent + r.sent, errors: sum.errors + r.errors, released: sum.released + r.released }),
        { batches: 0, sent: 0, errors: 0, released: 0 },
      ),
    ),
  );
  if (breaker.reason) options.logger.error({ sent: totals.sent, released: totals.released }, `sending stopped for this run: ${breaker.reason}; the rest stay pending`);
  if (failure) {
    options.logger.error({ sent: totals.sent, errors: totals.errors }, 'sending stopped; unsent children stay pending');
    // Recorded for `status` when the database can still take it; the failure is what to report.
    await options.submissions.recordRun({ ...totals, stopped: describeError(failure.error) }).catch(() => undefined);
    throw failure.error;
  }
  if (totals.batches > 0 || breaker.reason) await options.submissions.recordRun({ ...totals, stopped: breaker.reason });
  return { ...totals, stopped: breaker.reason };
}
