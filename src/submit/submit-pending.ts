import { defer, EMPTY, expand, lastValueFrom, mergeMap, range, reduce } from 'rxjs';
import { describeError } from '../core/errors.js';
import { sendBatch, type BatchResult, type SendBatchOptions } from './send-batch.js';

/** Totals of one submission run. */
export interface SubmitTotals {
  readonly batches: number;
  readonly sent: number;
  readonly errors: number;
}

const STOPPED: BatchResult = { claimed: 0, sent: 0, errors: 0 };

/**
 * Sends every pending child: `concurrency` workers, each claiming a batch, sending it and
 * recording the answer before claiming the next (so no more than `concurrency` batches are
 * ever leased or in flight). Stops when a claim comes back empty.
 *
 * A failure that says nothing about the children (no token, database gone) stops every worker
 * from claiming more, lets the batches already in flight finish and record their answers, and
 * is thrown once all workers have stopped: nothing is left leased behind a closed pool.
 */
export async function submitPending(options: SendBatchOptions & { readonly concurrency: number }): Promise<SubmitTotals> {
  let failure: { error: unknown } | undefined;
  const step = (): Promise<BatchResult> =>
    failure
      ? Promise.resolve(STOPPED)
      : sendBatch(options).catch((error: unknown) => {
          if (failure) options.logger.error({ error: describeError(error) }, 'another batch failed while sending was stopping');
          failure ??= { error };
          return STOPPED;
        });
  const worker$ = defer(step).pipe(expand((result: BatchResult) => (result.claimed > 0 ? defer(step) : EMPTY)));
  const totals = await lastValueFrom(
    range(0, options.concurrency).pipe(
      mergeMap(() => worker$),
      reduce(
        (sum, r) => ({ batches: sum.batches + (r.claimed > 0 ? 1 : 0), sent: sum.sent + r.sent, errors: sum.errors + r.errors }),
        { batches: 0, sent: 0, errors: 0 },
      ),
    ),
  );
  if (failure) {
    options.logger.error({ sent: totals.sent, errors: totals.errors }, 'sending stopped; unsent children stay pending');
    throw failure.error;
  }
  return totals;
}
