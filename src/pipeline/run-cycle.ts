import type { Config } from '../config/config-schema.js';
import type { BatchPoster } from '../submit/batch-poster.js';
import { submitPending } from '../submit/submit-pending.js';
import { DEFAULT_SUBMIT_POLICY, type SubmitSettings } from '../submit/submit-policy.js';
import { markChanges, type CycleDeps } from './build-pipeline.js';
import { emptyStats, timed, type CycleStats } from './cycle-stats.js';

/**
 * One full cycle: capture, mark, then send every pending child. A failure to send (no token,
 * API down) leaves the marking durable and the children pending for the next cycle.
 */
export async function runCycle(
  deps: CycleDeps & { readonly poster: BatchPoster; readonly submit: SubmitSettings; readonly payload?: Pick<Config['payload'], 'mode' | 'purgeDeleted'> },
): Promise<CycleStats> {
  const stats = await markChanges(deps, emptyStats());
  const totals = await timed(stats, 'submit', () =>
    submitPending({
      submissions: deps.source.submissions,
      poster: deps.poster,
      batchSize: deps.submit.batchSize,
      concurrency: deps.submit.concurrency,
      leaseSeconds: deps.submit.leaseSeconds,
      policy: deps.submit.policy ?? DEFAULT_SUBMIT_POLICY,
      ...(deps.submit.sleep ? { sleep: deps.submit.sleep } : {}),
      ...(deps.submit.random ? { random: deps.submit.random } : {}),
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
  return stats;
}
