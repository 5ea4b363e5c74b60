import { randomUUID } from 'node:crypto';
import { describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { deltaBody, type PayloadMode } from '../payload/document-delta.js';
import type { ClaimedChild, SubmissionStore } from '../source/source.js';
import type { BatchPoster } from './batch-poster.js';

/** Options shared by every batch of a submission run. */
export interface SendBatchOptions {
  readonly submissions: SubmissionStore;
  readonly poster: BatchPoster;
  readonly batchSize: number;
  readonly leaseSeconds: number;
  readonly logger: Logger;
  /** What an updated child is sent as (payload.mode); default `full`. */
  readonly mode?: PayloadMode;
  /** Whether deleted children are sent as purges (payload.purgeDeleted); default true. */
  readonly purgeDeleted?: boolean;
}


/** What one claim-and-send step did; `claimed` 0 means nothing was left to send. */
export interface BatchResult {
  readonly claimed: number;
  readonly sent: number;
  readonly errors: number;
}

/**
 * A child's document, or its delta from the last one the API accepted (payload.mode). A stored
 * previous document that is not JSON (a staging table written by other tools) cannot be diffed:
 * the document goes whole, as for a child the API never accepted, and the log says so.
 */
function bodyFor(child: ClaimedChild, options: SendBatchOptions): string {
  try {
    return deltaBody(child.previousJson, child.json, options.mode ?? 'full');
  } catch {
    options.logger.warn({ personId: child.personId }, 'previous_json_payload is not JSON: sending the whole document');
    return child.json;
  }
}

/**
 * Claims one batch (leased, so a crash loses nothing), POSTs it, and records the answer and
 * its attempt-log row in one transaction. A 2xx with a valid receipt list marks every child
 * sent; any other answer marks the batch's rows error with status and reason (the full retry
 * policy is a later change).
 */
export async function sendBatch(options: SendBatchOptions): Promise<BatchResult> {
  const batchId = randomUUID();
  const claimed = await options.submissions.claimBatch(batchId, options.batchSize, options.leaseSeconds, options.purgeDeleted ?? true);
  if (claimed.length === 0) return { claimed: 0, sent: 0, errors: 0 };
  const bodies = claimed.map((c) => bodyFor(c, options));
  const attemptedAt = new Date();
  let outcome;
  try {
    outcome = await options.poster.postBatch(bodies);
  } catch (error) {
    // No token (or another failure before any answer about these children): they stay pending.
    // If even that fails the lease expires and the rows are claimed again; the first error is
    // the one worth reporting.
    await options.submissions.release(batchId).catch((releaseError: unknown) =>
      options.logger.error({ batchId, error: describeError(releaseError) }, 'could not release the batch; its lease will expire'),
    );
    throw error;
  }
  const base = { batchId, attemptedAt, durationMs: outcome.durationMs, attempt: outcome.attempt, httpStatus: outcome.status, responseExcerpt: outcome.responseExcerpt };
  if (outcome.result.kind === 'sent') {
    const receipts = outcome.result.receipts;
    await options.submissions.record({
      ...base,
      outcome: 'sent',
      children: claimed.map((c, i) => ({
        ...c,
        sent: bodies[i] === c.json ? null : (bodies[i] ?? null),
        receipt: receipts[i]?.receipt ?? null,
        receiptTimestamp: receipts[i]?.timestamp ?? null,
      })),
    });
    options.logger.debug({ batchId, children: claimed.length, status: outcome.status, ms: outcome.durationMs }, 'batch sent');
    return { claimed: claimed.length, sent: claimed.length, errors: 0 };
  }
  // The reason already names the status (e.g. "HTTP 500 server error"); a network failure has none.
  const error = `${outcome.status === null ? 'no answer: ' : ''}${outcome.result.reason}${outcome.result.detail ? ` - ${outcome.result.detail.slice(0, 300)}` : ''}`;
  await options.submissions.record({
    ...base,
    outcome: 'error',
    error,
    children: claimed.map((c) => ({ ...c, sent: null, receipt: null, receiptTimestamp: null })),
  });
  options.logger.warn({ batchId, children: claimed.length, status: outcome.status, reason: outcome.result.reason }, 'batch failed');
  return { claimed: claimed.length, sent: 0, errors: claimed.length };
}
