import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { describeError } from '../core/errors.js';
import { LOCK_PROBE_TIMEOUT_MS } from '../source/lock-probe.js';
import type { Logger } from '../core/logger.js';
import { deltaBody, type PayloadMode } from '../payload/document-delta.js';
import type { ClaimedChild, SubmissionStore } from '../source/source.js';
import type { AnswerObserver } from './answer-observer.js';
import type { BatchContext, Outgoing } from './batch-context.js';
import type { BatchPoster } from './batch-poster.js';
import { detailOf, headlineOf, LEASE_SHORT, postWithRetries, reasonOf, recordAll, RUN_STOPPED, type PartAnswer } from './post-with-retries.js';
import type { PostGap } from './post-gap.js';
import type { SubmitPolicy } from './submit-policy.js';

/** Options shared by every batch of a submission run. */
export interface SendBatchOptions {
  readonly submissions: SubmissionStore;
  readonly poster: BatchPoster;
  readonly batchSize: number;
  readonly leaseSeconds: number;
  readonly logger: Logger;
  readonly policy: SubmitPolicy;
  /** The gap between POSTs, shared by the run's workers. */
  readonly gap: PostGap;
  /** When the run started, by the database's clock: a child is sent at most once per run. */
  readonly runStarted: Date;
  /** Who holds the leases this run takes (run-label.ts). */
  readonly leasedBy: string;
  /** The longest one POST can take, in ms (SubmitSettings.longestPostMs); leaseSeconds less 31 s when absent. */
  readonly longestPostMs?: number;
  /**
   * Asked before every POST (first tries, retries, halves): false once the run may no longer
   * send (its run lock is gone: another run may have taken its children over). Always true
   * when absent.
   */
  readonly maySend?: () => Promise<boolean>;
  /** What an updated child is sent as (payload.mode); default `full`. */
  readonly mode?: PayloadMode;
  /** Whether deleted children are sent as purges (payload.purgeDeleted); default true. */
  readonly purgeDeleted?: boolean;
  /** Waits; real timers unless a test injects its own. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source; Math.random unless a test injects its own. */
  readonly random?: () => number;
  /** This process's clock in ms, monotonic (the lease's age); performance.now unless a test injects its own. */
  readonly now?: () => number;
  /** Told of each POST's answer once recorded (`serve`'s metrics). */
  readonly onAnswer?: AnswerObserver;
}

/** What one claim-and-send step did; `claimed` 0 means nothing was left to send. */
export interface BatchResult {
  readonly claimed: number;
  readonly sent: number;
  /** Children refused (now `error`). */
  readonly errors: number;
  /** Children the API could not take (down, retries used up): back to pending. */
  readonly released: number;
  /** The last answer when the API could not take the batch (for the circuit breaker), else null. */
  readonly unavailable: string | null;
}

/**
 * A child's document, or its delta from the last one the API accepted (payload.mode). A stored
 * previous document that is not JSON (a staging table written by other tools) cannot be diffed:
 * the document goes whole, as for a child the API never accepted, and the log says so.
 */
function bodyFor(child: ClaimedChild, options: SendBatchOptions): string {
  try {
    return deltaBody(child.previousJson, child.json, options.mode ?? 'full', child.unconfirmedJson);
  } catch {
    options.logger.warn({ personId: child.personId }, 'previous_json_payload is not JSON: sending the whole document');
    return child.json;
  }
}

/** Splits a part in two halves (the first one larger by at most one). */
function halves(part: readonly Outgoing[]): [Outgoing[], Outgoing[]] {
  const middle = Math.ceil(part.length / 2);
  return [part.slice(0, middle), part.slice(middle)];
}

/** A tally of one batch's children by fate. */
interface Tally {
  sent: number;
  errors: number;
  released: number;
  unavailable: string | null;
}

/**
 * Writes one answer and says which children go back into the queue (api.md, Failure classes;
 * see answer-action.ts). `bisections` is what is left of the batch's budget of extra requests
 * for finding the bad children of a 400 that names none.
 */
async function settle(ctx: BatchContext, answer: PartAnswer, tally: Tally, bisections: { left: number }): Promise<Outgoing[][]> {
  const { action, part, outcome } = answer;
  const reason = reasonOf(outcome);
  switch (action.kind) {
    case 'sent': {
      const receipts = outcome.result.kind === 'sent' ? outcome.result.receipts : [];
      await recordAll(ctx, answer, 'sent', (_, i) => ({ kind: 'sent', receipt: receipts[i]?.receipt ?? null, receiptTimestamp: receipts[i]?.timestamp ?? null }));
      tally.sent += part.length;
      return [];
    }
    case 'retry':
      await recordAll(ctx, answer, 'released', () => ({ kind: 'released', error: reason }));
      tally.released += part.length;
      // ssd-delta's words only: this goes into the breaker's reason, which alerts and the status page show.
      tally.unavailable = headlineOf(outcome);
      return [];
    case 'refuseItems': {
      const status = `HTTP ${outcome.status ?? ''} payload malformed`;
      await recordAll(ctx, answer, 'refused', (_, i) => {
        const item = action.items.get(i);
        return item === undefined ? { kind: 'kept' } : { kind: 'error', error: `${status} - ${item.slice(0, 500)}` };
      });
      tally.errors += action.items.size;
      const rest = part.filter((_, i) => !action.items.has(i));
      return rest.length > 0 ? [rest] : [];
    }
    case 'bisect':
    case 'split': {
      const alone = part.length === 1;
      const budgetLeft = action.kind === 'split' || bisections.left > 0;
      if (alone || !budgetLeft) {
        // Our words before ` - `, the API's after (the status page groups by what comes before).
        const why = alone ? reason : `${headlineOf(outcome)} (no child named; not isolated within the batch's ${Math.ceil(Math.log2(ctx.batchSize))} halvings)${detailOf(outcome)}`;
        await recordAll(ctx, answer, 'refused', () => ({ kind: 'error', error: why }));
        tally.errors += part.length;
        return [];
      }
      if (action.kind === 'bisect') bisections.left -= 1;
      await recordAll(ctx, answer, action.kind, () => ({ kind: 'kept' }));
      return halves(part);
    }
    case 'refuse':
      await recordAll(ctx, answer, 'refused', () => ({ kind: 'error', error: reason }));
      tally.errors += part.length;
      return [];
  }
}

/**
 * Claims one batch (leased, so a crash loses nothing) and sends it until every child has an
 * outcome: sent; refused (`error`, with the reason); or, when the API could not take it after
 * the retries, back to pending. A 400 naming children fails those and resends the rest; a 400
 * naming none is bisected (at most log2(batch) halvings, each sending both halves); a 413 is split in halves. Every
 * POST gets its attempt-log row, written with its children's fates in one transaction.
 */
export async function sendBatch(options: SendBatchOptions): Promise<BatchResult> {
  const batchId = randomUUID();
  const run = { maxAttempts: options.policy.maxAttempts, started: options.runStarted, leasedBy: options.leasedBy };
  // When the lease was last set, by this process's clock, read before the statement was sent: the
  // database's now() is later, so the lease runs at least until this plus leaseSeconds.
  const clock = options.now ?? (() => performance.now());
  let leaseSetAt = clock();
  const claimed = await options.submissions.claimBatch(batchId, options.batchSize, options.leaseSeconds, options.purgeDeleted ?? true, run);
  if (claimed.length === 0) return { claimed: 0, sent: 0, errors: 0, released: 0, unavailable: null };
  const queue: Outgoing[][] = [claimed.map((c) => ({ ...c, body: bodyFor(c, options) }))];
  const renew = async (part: readonly Outgoing[]): Promise<Outgoing[]> => {
    const everyone = [...part, ...queue.flat()];
    leaseSetAt = clock();
    const held = new Set(await options.submissions.renewLease(batchId, everyone.map((c) => c.personId), options.leaseSeconds));
    if (held.size < everyone.length) options.logger.warn({ batchId, lost: everyone.length - held.size }, 'lease lost for some children of a batch (another worker took them over): not sending them here');
    for (let i = 0; i < queue.length; i += 1) queue[i] = (queue[i] as Outgoing[]).filter((c) => held.has(c.personId));
    return part.filter((c) => held.has(c.personId));
  };
  const ctx: BatchContext = {
    batchId, submissions: options.submissions, poster: options.poster, leaseSeconds: options.leaseSeconds,
    policy: options.policy, gap: options.gap, logger: options.logger, batchSize: claimed.length,
    sleep: options.sleep ?? ((ms) => delay(ms)), random: options.random ?? Math.random, renew,
    maySend: options.maySend ?? (async () => true),
    // What a POST needs left of the lease: the longest POST, the lock probe's wait before it, and
    // 5 s for a busy machine (a late timer, a pause between the probe's answer and the request).
    leaseTooShort: () => options.leaseSeconds * 1000 - (clock() - leaseSetAt) < (options.longestPostMs ?? options.leaseSeconds * 1000 - 31_000) + LOCK_PROBE_TIMEOUT_MS + 5_000,
    ...(options.onAnswer ? { onAnswer: options.onAnswer } : {}),
  };
  const tally: Tally = { sent: 0, errors: 0, released: 0, unavailable: null };
  const bisections = { left: Math.ceil(Math.log2(claimed.length)) };
  try {
    // The claim has just set the lease: only parts sent later (the rest after a 400, halves)
    // renew it first.
    let fresh = true;
    while (queue.length > 0) {
      const next = queue.shift() as Outgoing[];
      const part = fresh ? next : await renew(next);
      fresh = false;
      if (part.length === 0) continue;
      const answer = await postWithRetries(ctx, part);
      if (answer === RUN_STOPPED || answer === LEASE_SHORT) {
        // What is left of the batch goes back, its offers unconfirmed (keyed by this batch: a row
        // taken over since is not touched): the run lost its lock, and whichever run holds it now
        // sends them; or the database answered too slowly to keep the lease ahead of a POST.
        options.logger.warn({ batchId }, answer === RUN_STOPPED
          ? 'the run lock is gone: the rest of this batch is not sent, and goes back to pending'
          : 'the database answered too slowly to keep the lease ahead of a POST: the rest of this batch goes back to pending');
        await options.submissions.release(batchId);
        break;
      }
      if (answer !== null) queue.unshift(...(await settle(ctx, answer, tally, bisections)));
    }
  } catch (error) {
    // No token (or another failure before any answer about these children): they stay pending.
    // If even that fails the lease expires and the rows are claimed again; the first error is
    // the one worth reporting.
    await options.submissions.release(batchId).catch((releaseError: unknown) =>
      options.logger.error({ batchId, error: describeError(releaseError) }, 'could not release the batch; its lease will expire'),
    );
    throw error;
  }
  const level = tally.errors + tally.released > 0 ? 'warn' : 'debug';
  options.logger[level]({ batchId, children: claimed.length, ...tally }, tally.errors + tally.released > 0 ? 'batch done with failures' : 'batch sent');
  return { claimed: claimed.length, ...tally };
}
