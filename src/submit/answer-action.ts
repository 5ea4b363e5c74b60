import type { PostOutcome } from './api-client.js';

/**
 * What sending does next with a batch after one answer (api.md, Failure classes):
 *
 * | answer                                           | action                                   |
 * |--------------------------------------------------|------------------------------------------|
 * | 2xx with one receipt per child                   | `sent`                                   |
 * | 401 (after the client's token refresh), 403, 429, 408, 5xx, timeout, reset, no answer | `retry` with backoff; 403 with the longer cap |
 * | 400 naming items `[n]`                           | `refuseItems`: those fail, the rest are resent |
 * | 400 naming nothing                               | `bisect`: halves resent to find the bad children |
 * | 413                                              | `split`: halves resent; one child alone fails |
 * | 204, other 4xx, a 2xx without a proper receipt list | `refuse`: the whole batch fails        |
 */
export type AnswerAction =
  | { readonly kind: 'sent' }
  | { readonly kind: 'retry'; readonly forbidden: boolean }
  | { readonly kind: 'refuseItems'; readonly items: ReadonlyMap<number, string> }
  | { readonly kind: 'bisect' }
  | { readonly kind: 'split' }
  | { readonly kind: 'refuse' };

/** Statuses a later attempt can succeed after. */
const TRANSIENT = new Set([401, 403, 408, 429]);

/**
 * The items a 400 body names, by index in the batch, each with the text about it (its lines,
 * joined); indices outside the batch are ignored. The live API writes them as `[n] reason`, one
 * per line: only a line's leading `[n]` names an item (`[3] social_care_episodes[1].x` is item 3).
 */
export function namedItems(detail: string, batchSize: number): Map<number, string> {
  const items = new Map<number, string>();
  for (const line of detail.split(/\r?\n/)) {
    const match = /^\s*\[(\d+)\]/.exec(line);
    if (!match) continue;
    const index = Number(match[1]);
    if (index >= batchSize) continue;
    items.set(index, items.has(index) ? `${items.get(index)}; ${line.trim()}` : line.trim());
  }
  return items;
}

/** The action an outcome calls for (see {@link AnswerAction}). */
export function answerAction(outcome: PostOutcome, batchSize: number): AnswerAction {
  if (outcome.result.kind === 'sent') return { kind: 'sent' };
  const { status } = outcome;
  if (status === null || status >= 500 || TRANSIENT.has(status)) return { kind: 'retry', forbidden: status === 403 };
  if (status === 413) return { kind: 'split' };
  if (status === 400) {
    const items = namedItems(outcome.result.detail, batchSize);
    return items.size > 0 ? { kind: 'refuseItems', items } : { kind: 'bisect' };
  }
  return { kind: 'refuse' };
}
