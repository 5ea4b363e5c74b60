import type { Logger } from '../core/logger.js';
import type { ClaimedChild, SubmissionStore } from '../source/source.js';
import type { AnswerObserver } from './answer-observer.js';
import type { BatchPoster } from './batch-poster.js';
import type { PostGap } from './post-gap.js';
import type { SubmitPolicy } from './submit-policy.js';

/** A claimed child with the body it is sent with (its document, or its delta). */
export interface Outgoing extends ClaimedChild {
  readonly body: string;
}

/** What sending one claimed batch needs. */
export interface BatchContext {
  readonly batchId: string;
  readonly submissions: SubmissionStore;
  readonly poster: BatchPoster;
  readonly leaseSeconds: number;
  /** How many children the batch was claimed with (the bisection budget's base). */
  readonly batchSize: number;
  readonly policy: SubmitPolicy;
  readonly gap: PostGap;
  readonly logger: Logger;
  /** Waits (injectable so tests need not wait out real backoff). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
  /**
   * Renews the lease of `part` and of every part of the batch still queued, and returns the
   * children of `part` it still holds (queued parts lose theirs too): no part of a batch waits
   * longer than the lease while another one is sent or waits out its backoff.
   */
  readonly renew: (part: readonly Outgoing[]) => Promise<Outgoing[]>;
  /**
   * Asked before every POST: false once the run may no longer send (its run lock is gone, and
   * the next run takes its leases over at once): the rest of the batch goes back, unsent.
   */
  readonly maySend: () => Promise<boolean>;
  /**
   * True when what is left of the lease would not outlast the longest POST (and the lock probe's
   * wait): the lease is renewed first, so an unanswered POST is over by the time its lease runs
   * out, which a run taking the children over relies on (take-over-leases.sql).
   */
  readonly leaseTooShort: () => boolean;
  /** Told of each answer once recorded (metrics), when someone listens. */
  readonly onAnswer?: AnswerObserver;
}
