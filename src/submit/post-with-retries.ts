import type { ChildFate } from '../source/source.js';
import { answerAction, type AnswerAction } from './answer-action.js';
import type { PostOutcome } from './api-client.js';
import { backoffMs, retryAfterMs } from './backoff.js';
import type { BatchContext, Outgoing } from './batch-context.js';

/** The last answer to a part, and what it calls for. */
export interface PartAnswer {
  readonly outcome: PostOutcome;
  readonly action: AnswerAction;
  /** The children that answer was for (the lease may have dropped some on the way). */
  readonly part: readonly Outgoing[];
  readonly attemptedAt: Date;
}

/** Writes one POST's answer with the same fate for every child. */
export async function recordAll(ctx: BatchContext, answer: PartAnswer, outcome: string, fate: (child: Outgoing, index: number) => ChildFate): Promise<void> {
  const { outcome: post, part, attemptedAt } = answer;
  const fates = part.map(fate);
  const { acceptedWaits } = await ctx.submissions.record({
    batchId: ctx.batchId,
    attemptedAt,
    durationMs: post.durationMs,
    attempt: post.attempt,
    httpStatus: post.status,
    outcome,
    responseExcerpt: post.responseExcerpt,
    children: part.map((c, i) => ({ personId: c.personId, hash: c.hash, json: c.json, sent: c.body === c.json ? null : c.body, fate: fates[i] as ChildFate })),
  });
  ctx.logger.debug({ batchId: ctx.batchId, status: post.status, outcome, children: part.length }, 'POST recorded');
  const count = (kind: ChildFate['kind']): number => fates.filter((f) => f.kind === kind).length;
  ctx.onAnswer?.({ outcome, status: post.status, children: part.length, fates: { sent: count('sent'), refused: count('error'), notTaken: count('released') }, acceptedWaits });
}

/** What {@link postWithRetries} returns when the run may no longer send (its run lock is gone). */
export const RUN_STOPPED = 'run stopped';

/** What {@link postWithRetries} returns when the database answered too slowly to keep the lease ahead of a POST. */
export const LEASE_SHORT = 'lease short';

/** Renewals tried to get the lease ahead of a POST before the part is given back. */
const RENEWALS_BEFORE_POST = 3;

/**
 * Gets a part ready for its POST: the lease renewed while what is left of it would not outlast
 * the POST (a renewal's own time counts: its clock starts before the statement is sent), then,
 * asked last, the run lock: a run that lost it sends nothing more (the next run takes its leases
 * over, and two POSTs of one child must not be in flight together). Returns the children still
 * held, {@link RUN_STOPPED}, or {@link LEASE_SHORT} when renewals cannot keep ahead of the POST.
 */
async function readyToPost(ctx: BatchContext, first: readonly Outgoing[]): Promise<readonly Outgoing[] | typeof RUN_STOPPED | typeof LEASE_SHORT> {
  let part = first;
  for (let renewals = 0; ctx.leaseTooShort(); renewals += 1) {
    if (renewals === RENEWALS_BEFORE_POST) return LEASE_SHORT;
    part = await ctx.renew(part);
    if (part.length === 0) return part;
  }
  if (!(await ctx.maySend())) return RUN_STOPPED;
  // The probe may have waited: the lease is checked once more, after it.
  return ctx.leaseTooShort() ? LEASE_SHORT : part;
}

/** A wait that long (the gap between POSTs) renews the lease before sending. */
const RENEW_AFTER_WAIT_MS = 1000;

/**
 * POSTs a part until an answer that is not worth repeating, or the retries run out (each
 * repeated POST gets its attempt-log row here). Between tries it waits with backoff (or the
 * answer's Retry-After), renewing the batch's lease before and after the wait, and the shared
 * gap before each POST (renewing again after a long one). Returns the last answer, null when
 * the lease kept nobody, {@link RUN_STOPPED} when the run may no longer send, or
 * {@link LEASE_SHORT} when the lease could not be kept ahead of the POST.
 */
export async function postWithRetries(ctx: BatchContext, first: readonly Outgoing[]): Promise<PartAnswer | null | typeof RUN_STOPPED | typeof LEASE_SHORT> {
  let part = first;
  for (let retry = 0; ; retry += 1) {
    if ((await ctx.gap.wait()) > RENEW_AFTER_WAIT_MS) part = await ctx.renew(part);
    const ready = await readyToPost(ctx, part);
    if (typeof ready === 'string') return ready;
    if (ready.length === 0) return null;
    part = ready;
    const attemptedAt = new Date();
    const outcome = await ctx.poster.postBatch(part.map((c) => c.body));
    const answer: PartAnswer = { outcome, action: answerAction(outcome, part.length), part, attemptedAt };
    if (answer.action.kind !== 'retry') return answer;
    const delay = backoffMs(ctx.policy, retry + 1, answer.action.forbidden, retryAfterMs(outcome.retryAfter, Date.now()), ctx.random);
    if (retry >= ctx.policy.retries || delay === null) return answer;
    await recordAll(ctx, answer, 'retry', () => ({ kind: 'kept' }));
    ctx.logger.info({ batchId: ctx.batchId, status: outcome.status, reason: reasonOf(outcome), retry: retry + 1, waitMs: delay }, 'batch not taken: sending again after a wait');
    part = await ctx.renew(part);
    await ctx.sleep(delay);
    part = await ctx.renew(part);
    if (part.length === 0) return null;
  }
}

/**
 * ssd-delta's own words for an outcome (e.g. `HTTP 503 server error`, `no answer: ECONNRESET`),
 * without the API's or the driver's detail: what may leave the log (alerts, the status page).
 */
export function headlineOf(outcome: PostOutcome): string {
  if (outcome.result.kind === 'sent') return 'sent';
  // The reason already names the status (e.g. "HTTP 500 server error"); a network failure has none.
  return `${outcome.status === null ? 'no answer: ' : ''}${outcome.result.reason}`;
}

/** The detail after the headline on a staging row (` - ` and the API's words), or ''. */
export function detailOf(outcome: PostOutcome): string {
  return outcome.result.kind === 'error' && outcome.result.detail ? ` - ${outcome.result.detail.slice(0, 300)}` : '';
}

/** The error text an outcome leaves on the staging row: the headline, then ` - ` and the detail. */
export function reasonOf(outcome: PostOutcome): string {
  return `${headlineOf(outcome)}${detailOf(outcome)}`;
}
