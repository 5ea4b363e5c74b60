import { defer, EMPTY, expand, lastValueFrom, mergeMap, range, reduce } from 'rxjs';
import { sendBatch, type BatchResult, type SendBatchOptions } from './send-batch.js';

/** Totals of one submission run. */
export interface SubmitTotals {
  readonly batches: number;
  readonly sent: number;
  readonly errors: number;
}

/**
 * Sends every pending child: `concurrency` workers, each claiming a batch, sending it and
 * recording the answer before claiming the next (so no more than `concurrency` batches are
 * ever leased or in flight). Stops when a claim comes back empty.
 */
export function submitPending(options: SendBatchOptions & { readonly concurrency: number }): Promise<SubmitTotals> {
  const worker$ = defer(() => sendBatch(options)).pipe(
    expand((result: BatchResult) => (result.claimed > 0 ? defer(() => sendBatch(options)) : EMPTY)),
  );
  return lastValueFrom(
    range(0, options.concurrency).pipe(
      mergeMap(() => worker$),
      reduce(
        (totals, r) => ({ batches: totals.batches + (r.claimed > 0 ? 1 : 0), sent: totals.sent + r.sent, errors: totals.errors + r.errors }),
        { batches: 0, sent: 0, errors: 0 },
      ),
    ),
  );
}
