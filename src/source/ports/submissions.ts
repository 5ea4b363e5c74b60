// Claiming batches and recording the API's answers. Part of the dialect port:
// src/source/source.ts gathers the parts, and every layer imports them from there.

/** A staging row claimed for sending. */
export interface ClaimedChild {
  readonly personId: string;
  readonly json: string;
  readonly hash: string;
  /** The last document the API accepted for the child (the delta's baseline), or null. */
  readonly previousJson: string | null;
  /**
   * Documents offered since then whose answer never came (a JSON array), or null: the receiver
   * may hold any of them, so the body goes whole with purges for what the child no longer has.
   */
  readonly unconfirmedJson: string | null;
}

/** What one POST's answer means for one of its children. */
export type ChildFate =
  /** Accepted: sent, with its receipt; the document becomes the baseline. */
  | { readonly kind: 'sent'; readonly receipt: string | null; readonly receiptTimestamp: string | null }
  /** Refused because of the child (or its batch's answer): `error`, counted against submit.maxAttempts. */
  | { readonly kind: 'error'; readonly error: string }
  /** Not taken for a reason that says nothing about the child (API down): back to pending, not counted. */
  | { readonly kind: 'released'; readonly error: string }
  /** Still leased: it is sent again within this batch (a retry, a split, the rest after a 400). */
  | { readonly kind: 'kept' };

/** One POST and what its answer means for each child, as written back. */
export interface AttemptRecord {
  readonly batchId: string;
  readonly attemptedAt: Date;
  readonly durationMs: number;
  /** The client's attempt number for this POST (2 after a token refresh). */
  readonly attempt: number;
  readonly httpStatus: number | null;
  /** For the attempt log: `sent`, `retry`, `refused`, `bisect`, `split` or `released`. */
  readonly outcome: string;
  readonly responseExcerpt: string;
  readonly children: ReadonlyArray<{
    personId: string;
    hash: string;
    json: string;
    /** What was sent when it was not `json` itself (a delta), else null. */
    sent: string | null;
    fate: ChildFate;
  }>;
}

/** The run a claim is made for. */
export interface ClaimingRun {
  readonly maxAttempts: number;
  /** When the run started sending, by the database's clock: rows written since wait for the next run. */
  readonly started: Date;
  /** Who holds the lease (run-label.ts): the run's id, host and pid, for `status` and the log. */
  readonly leasedBy: string;
}

/** Children taken over from a run that ended. */
export interface TakenOver {
  /** The run that had leased them (run-label.ts), or null for a lease made before ssd-delta named its runs. */
  readonly leasedBy: string | null;
  readonly children: number;
  /** Of those, children whose document changed since that run's offer: they wait for the offer's fence. */
  readonly changed: number;
}

/** Children under a lease, by the run holding it. */
export interface LeaseGroup {
  readonly leasedBy: string | null;
  readonly children: number;
  /** When the last of the leases runs out (ISO, UTC). */
  readonly until: string;
}

/** Children no cycle sends as things stand, and those waiting to be. */
export interface UnsentCounts {
  /** Refused submit.maxAttempts times or more: sent again only after `ssd-delta resend`. */
  readonly refused: number;
  /** Refused fewer times: the next cycle sends them again. */
  readonly retrying: number;
  /** Deleted children pending while payload.purgeDeleted is false: their purges are not sent. */
  readonly purgesHeld: number;
  /** Pending (purges held included). */
  readonly pending: number;
  /**
   * Children whose document changed after an ended run's POST went unanswered: not sent until
   * that POST can no longer arrive (`fencedUntil`, ISO UTC, the last of them; null when none).
   */
  readonly fenced: number;
  readonly fencedUntil: string | null;
}

/** How the last sending run went. */
export interface SendRun {
  /** When it finished (ISO, UTC); absent when writing one. */
  readonly finishedAt?: string;
  readonly sent: number;
  readonly errors: number;
  readonly released: number;
  /** Why the circuit breaker stopped it, or null. */
  readonly stopped: string | null;
}

/** One POST that carried a child, as the attempt log holds it. */
export interface ChildAttempt {
  readonly attemptedAt: string;
  readonly batchId: string;
  readonly attempt: number;
  readonly childCount: number;
  readonly httpStatus: number | null;
  readonly outcome: string;
  readonly durationMs: number;
  /** The child's receipt when the POST was accepted, else null. */
  readonly receipt: string | null;
  /** The start of the answer (bounded; no personal data is ever in it). */
  readonly responseExcerpt: string;
}

/** What recording an answer tells besides the write. */
export interface RecordedWaits {
  /**
   * For each child the answer sent (accepted, document unchanged in flight), the seconds since
   * it was stamped waiting (StagingStore.stampWaiting: about its oldest change's commit), by the
   * database's clock: its commit-to-receipt.
   */
  readonly acceptedWaits: readonly number[];
}

/** Claiming and write-back. */
export interface SubmissionStore {
  /**
   * Leases up to `size` children to a new batch: pending ones (or ones whose lease expired)
   * first, then ones in error that failed fewer than `run.maxAttempts` times. Rows written since
   * `run.started` (the database's time) wait for the next run, so a run never sends a child
   * twice. Deleted children (purges) only when `purgeDeleted`.
   */
  claimBatch(batchId: string, size: number, leaseSeconds: number, purgeDeleted: boolean, run: ClaimingRun): Promise<ClaimedChild[]>;
  /**
   * Takes over the leases of runs that ended: those last claimed or renewed before `since` (when
   * this run took the run lock, by the database's clock; only the lock's holder sends), and an
   * older version's once run out. Their children go back to pending, each one's offer joining its
   * unconfirmed list. An unanswered offer's POST may be under way until its lease runs out: until
   * then only that very document may be sent for the child (a child whose document changed since
   * waits), so an older document never lands after a newer one. Call it only while holding the
   * run lock, before the first claim.
   */
  takeOverLeases(since: Date): Promise<TakenOver[]>;
  /** The children under a lease now, by the run holding it (`status`). */
  leases(): Promise<LeaseGroup[]>;
  /** Children no cycle sends as things stand, and those waiting (`status`, a cycle's reasons). */
  unsent(maxAttempts: number, purgeDeleted: boolean): Promise<UnsentCounts>;
  /** Keeps why the last cycle left children unsent (sentences; empty when nothing waited), for `status`. */
  recordWaits(waits: readonly string[]): Promise<void>;
  /** Names the run that has just taken the run lock (run-label.ts), for `status`. */
  recordRunner(leasedBy: string): Promise<void>;
  /**
   * Why the last cycle left children unsent and when (null when none was kept), and the run that
   * took the run lock last (`runBy`; the running one while the lock is held).
   */
  lastWaits(): Promise<{ readonly waits: { readonly at: string; readonly waits: string[] } | null; readonly runBy: string | null }>;
  /** The database's clock: a run's start, compared with the rows' last_updated. */
  now(): Promise<Date>;
  /**
   * Extends the lease of these children of a batch before it waits or sends again; returns
   * those it still holds (a child whose lease ran out may have been claimed by another worker).
   */
  renewLease(batchId: string, personIds: readonly string[], leaseSeconds: number): Promise<string[]>;
  /** Writes one POST's answer for its children and its attempt-log row, in one transaction. */
  record(attempt: AttemptRecord): Promise<RecordedWaits>;
  /** Returns a claimed batch's rows to pending (it could not be sent for a reason unrelated to them). */
  release(batchId: string): Promise<void>;
  /** Stores how a sending run went (for `status`). */
  recordRun(run: SendRun): Promise<void>;
  /** The last sending run, or null before the first. */
  lastRun(): Promise<SendRun | null>;
  /** Puts children in error back to pending, forgetting their failed attempts: these, or all when `all`. Returns them. */
  resend(personIds: readonly string[], all: boolean): Promise<string[]>;
  /** Every POST that carried this child, oldest first. */
  history(personId: string): Promise<ChildAttempt[]>;
  /** What the API answered per hour (UTC, `YYYY-MM-DDTHH`) over the last `hours`: children accepted, POSTs not taken. */
  answersByHour(hours: number): Promise<HourOfAnswers[]>;
}

/** One hour of the attempt log. */
export interface HourOfAnswers {
  /** The hour in UTC, `YYYY-MM-DDTHH`. */
  readonly hour: string;
  /** Children in POSTs answered `sent`. */
  readonly accepted: number;
  /** POSTs answered otherwise (refused, not taken, sent again, split). */
  readonly failedPosts: number;
}
