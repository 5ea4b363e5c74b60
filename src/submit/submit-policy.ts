import type { Config } from '../config/config-schema.js';
import type { AnswerObserver } from './answer-observer.js';
import type { BackoffPolicy } from './backoff.js';

/** How sending treats the API's answers (submit.* config; defaults in config/default.json). */
export interface SubmitPolicy extends BackoffPolicy {
  /** Failed (refused) POSTs of a child across runs after which it stays `error` until `resend`. */
  readonly maxAttempts: number;
  /** Batches in a row that the API could not take (auth, server, network) before a run stops sending. */
  readonly breakerThreshold: number;
  /** Least time between the starts of two POSTs, across all workers, in ms (0: none). */
  readonly minGapMs: number;
}

/** The defaults of config/default.json (a unit test fails if the two drift). */
export const DEFAULT_SUBMIT_POLICY: SubmitPolicy = {
  retries: 3,
  baseMs: 5000,
  capMs: 60_000,
  forbiddenCapMs: 120_000,
  maxAttempts: 3,
  breakerThreshold: 3,
  minGapMs: 0,
};

/** How a run sends: batch size, workers, lease, and the answer policy. */
export interface SubmitSettings {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly leaseSeconds: number;
  /** DEFAULT_SUBMIT_POLICY when absent. */
  readonly policy?: SubmitPolicy;
  /** Waits; real timers unless a test injects its own. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source; Math.random unless a test injects its own. */
  readonly random?: () => number;
  /**
   * The clock in ms the gap between POSTs (policy.minGapMs) and a lease's age read, monotonic (it
   * must not step back); the gap's defaults to Date.now, the lease's to performance.now.
   */
  readonly now?: () => number;
  /** True once no more batches should be claimed (`serve` stopping): batches in flight still finish. */
  readonly stopClaiming?: () => boolean;
  /**
   * The longest one POST can take, in ms (lease-check.ts, longestPostMs: 4 x api.timeoutMs): a
   * POST is sent only while the lease outlasts it. When absent, the most the config check lets
   * a lease leave it (submit.leaseSeconds less 31 s).
   */
  readonly longestPostMs?: number;
  /** Why this cycle sends nothing at all (`serve` outside schedule.send), in one sentence; absent when it sends. */
  readonly closed?: string;
  /** Told of each POST's answer once recorded (`serve`'s metrics). */
  readonly onAnswer?: AnswerObserver;
}

/** The settings a validated config's `submit` section gives. */
export function submitSettingsFromConfig(submit: Config['submit']): SubmitSettings {
  return { batchSize: submit.batchSize, concurrency: submit.concurrency, leaseSeconds: submit.leaseSeconds, policy: submitPolicyFromConfig(submit) };
}

/** The policy a validated config sets. */
export function submitPolicyFromConfig(submit: Config['submit']): SubmitPolicy {
  return {
    retries: submit.retries,
    baseMs: submit.backoffBaseMs,
    capMs: submit.backoffCapMs,
    forbiddenCapMs: submit.forbiddenCapMs,
    maxAttempts: submit.maxAttempts,
    breakerThreshold: submit.breakerThreshold,
    minGapMs: submit.minGapMs,
  };
}
