/** How long to wait before a batch is sent again (submit.* config). */
export interface BackoffPolicy {
  /** Attempts after the first for an answer that can pass (5xx, 429, 403, timeouts, resets). */
  readonly retries: number;
  /** First backoff ceiling in ms; it doubles per retry. */
  readonly baseMs: number;
  /** Largest backoff in ms. */
  readonly capMs: number;
  /** Largest backoff in ms after a 403 (the gateway's traffic shaping wants longer). */
  readonly forbiddenCapMs: number;
}

/**
 * The `Retry-After` header in ms from `now`: delay-seconds or an HTTP date; null when absent
 * or unreadable. A date in the past is 0.
 */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The wait before retry number `retry` (1-based): exponential backoff with full jitter, a
 * uniform draw in [0, min(cap, base * 2^(retry-1))], so workers that failed together do not
 * come back together. A `Retry-After` the server gave wins when it is longer. Null when even
 * that is longer than the cap allows: the batch is given up for this run rather than held.
 */
export function backoffMs(policy: BackoffPolicy, retry: number, forbidden: boolean, retryAfter: number | null, random: () => number = Math.random): number | null {
  const cap = forbidden ? policy.forbiddenCapMs : policy.capMs;
  const ceiling = Math.min(cap, policy.baseMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * (ceiling + 1));
  if (retryAfter === null) return jittered;
  return retryAfter > cap ? null : Math.max(retryAfter, jittered);
}
