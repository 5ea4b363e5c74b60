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

/** Throws a {@link ConfigError} naming both keys when the lease is too short for the API timeout. */
export function checkLeaseCoversTimeout(config: Config, origin: (path: string) => string): void {
  const { leaseSeconds } = config.submit;
  const { timeoutMs } = config.api;
  const minimum = minimumLeaseSeconds(timeoutMs);
  if (leaseSeconds >= minimum) return;
  throw new ConfigError(
    `config: "submit.leaseSeconds" ${leaseSeconds}${origin('submit.leaseSeconds')} must be more than 4 * "api.timeoutMs" / 1000 + 30 ` +
      `so two token fetches and a POST with one 401 retry finish inside its lease; with api.timeoutMs ${timeoutMs}${origin('api.timeoutMs')} ` +
      `set submit.leaseSeconds to at least ${minimum}, or lower api.timeoutMs`,
  );
}
