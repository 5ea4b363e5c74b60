import { ConfigError } from '../core/errors.js';
import type { Config } from './config-schema.js';

/**
 * The smallest `submit.leaseSeconds` allowed for an `api.timeoutMs`: a token fetch, the POST,
 * a token refresh after a 401 and the retried POST can each take the full timeout, and 30 s
 * cover the write-back. A shorter lease lets another worker re-claim a batch still in flight
 * and send it twice.
 */
export function minimumLeaseSeconds(timeoutMs: number): number {
  return Math.floor((4 * timeoutMs) / 1000 + 30) + 1;
}

/**
 * The longest one POST can take (a token fetch, the POST, a token refresh after a 401 and the
 * POST again, each up to api.timeoutMs): a run sends a POST only while its lease outlasts this,
 * and the lock probe's wait, from then (post-with-retries.ts), so an unanswered POST is over by
 * the time its lease runs out, whatever becomes of the run.
 */
export function longestPostMs(timeoutMs: number): number {
  return 4 * timeoutMs;
}

/**
 * The smallest lease that also covers the longest backoff: a batch renews its lease before it
 * waits and again before it sends, so the lease must outlast one wait (plus 30 s to write back).
 */
export function minimumLeaseForBackoff(capMs: number): number {
  return Math.floor(capMs / 1000 + 30) + 1;
}

/** Throws a {@link ConfigError} naming the keys when the lease is too short for the API timeout or the backoff. */
export function checkLeaseCoversTimeout(config: Config, origin: (path: string) => string): void {
  const { leaseSeconds, backoffCapMs, forbiddenCapMs } = config.submit;
  const { timeoutMs } = config.api;
  const longestWait = Math.max(backoffCapMs, forbiddenCapMs);
  const forWait = minimumLeaseForBackoff(longestWait);
  if (leaseSeconds < forWait) {
    const key = forbiddenCapMs >= backoffCapMs ? 'submit.forbiddenCapMs' : 'submit.backoffCapMs';
    throw new ConfigError(
      `config: "submit.leaseSeconds" ${leaseSeconds}${origin('submit.leaseSeconds')} must be more than "${key}" / 1000 + 30 so a batch waiting out its ` +
        `longest backoff keeps its lease; with ${key} ${longestWait}${origin(key)} set submit.leaseSeconds to at least ${forWait}, or lower ${key}`,
    );
  }
  const minimum = minimumLeaseSeconds(timeoutMs);
  if (leaseSeconds >= minimum) return;
  throw new ConfigError(
    `config: "submit.leaseSeconds" ${leaseSeconds}${origin('submit.leaseSeconds')} must be more than 4 * "api.timeoutMs" / 1000 + 30 ` +
      `so two token fetches and a POST with one 401 retry finish inside its lease; with api.timeoutMs ${timeoutMs}${origin('api.timeoutMs')} ` +
      `set submit.leaseSeconds to at least ${minimum}, or lower api.timeoutMs`,
  );
}
