import { ConfigError } from '../core/errors.js';
import type { Config } from './config-schema.js';

/**
 * The smallest `submit.leaseSeconds` allowed for an `api.timeoutMs`: a POST and its one retry
 * after a 401 can each take the full timeout, and the 60 s cover the token fetch between them
 * and the write-back. A shorter lease lets another worker re-claim a batch still in flight
 * and send it twice.
 */
export function minimumLeaseSeconds(timeoutMs: number): number {
  return Math.floor((2 * timeoutMs) / 1000 + 60) + 1;
}

/** Throws a {@link ConfigError} naming both keys when the lease is too short for the API timeout. */
export function checkLeaseCoversTimeout(config: Config, origin: (path: string) => string): void {
  const { leaseSeconds } = config.submit;
  const { timeoutMs } = config.api;
  const minimum = minimumLeaseSeconds(timeoutMs);
  if (leaseSeconds >= minimum) return;
  throw new ConfigError(
    `config: "submit.leaseSeconds" ${leaseSeconds}${origin('submit.leaseSeconds')} must be more than 2 * "api.timeoutMs" / 1000 + 60 ` +
      `so a POST with one 401 retry and a token fetch finishes inside its lease; with api.timeoutMs ${timeoutMs}${origin('api.timeoutMs')} ` +
      `set submit.leaseSeconds to at least ${minimum}, or lower api.timeoutMs`,
  );
}
