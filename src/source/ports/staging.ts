// The staging table: one row per child, its document, hash and state. Part of the dialect port:
// src/source/source.ts gathers the parts, and every layer imports them from there.

import type { OwnerEntry } from './child-rows.js';

/** The part of a staging row that marking decides from. */
export interface StagingState {
  readonly personId: string;
  readonly currentHash: string;
  readonly previousHash: string | null;
  readonly rowState: RowState;
  readonly submissionStatus: SubmissionStatus;
  /** The legacy id stored with the last document (`mis_child_id`), or null. */
  readonly legacyId: string | null;
  /** True once any document of the child was claimed for sending: the API may hold the child. */
  readonly offered: boolean;
  /** The first day the stored document changes by time alone (`YYYY-MM-DD`), or null. */
  readonly validUntil: string | null;
  /** True when the receiver may hold a document other than the last accepted one (an offer in flight, or without an answer). */
  readonly uncertain: boolean;
}

/** Staging `row_state` values (lower case, as LAs' tables use). */
export type RowState = 'new' | 'updated' | 'unchanged' | 'deleted';
/** Staging `submission_status` values. */
export type SubmissionStatus = 'pending' | 'sending' | 'sent' | 'error' | 'invalid';

/** A write to one staging row decided by marking. */
export type Mark =
  | {
      readonly kind: 'upsert';
      readonly personId: string;
      readonly legacyId: string | null;
      readonly json: string;
      readonly hash: string;
      readonly rowState: RowState;
      readonly submissionStatus: SubmissionStatus;
      /** Readable list of what is wrong (invalid documents), else null. */
      readonly validationErrors: string | null;
      /** The first day the document changes by time alone, or null. */
      readonly validUntil: string | null;
    }
  | {
      /** A child that never reached the API and is gone: its staging row is removed. */
      readonly kind: 'remove';
      readonly personId: string;
    };

/** A child's next time-driven rebuild day; null: none. */
export interface DueDay {
  readonly personId: string;
  readonly day: string | null;
}

/** One chunk's writes, applied in one transaction. */
export interface MarkWrite {
  readonly marks: readonly Mark[];
  /** The children this chunk rebuilt: their owner-map entries are replaced by `owners`. */
  readonly rebuiltChildren: readonly string[];
  readonly owners: readonly OwnerEntry[];
  /** Staging rows not otherwise written whose `valid_until` moves. */
  readonly retimed?: readonly DueDay[];
  /** Children without a staging row: their wake-up day replaces any they had (null: none). */
  readonly wakeups?: readonly DueDay[];
  /**
   * When set, the watermark of these streams advances to this position, and the cycle's
   * "today" and build key are stored, in the same transaction.
   */
  readonly advance?: {
    readonly streams: readonly string[];
    readonly position: string;
    /** When the position was read (ChangeBatch.positionAt); absent or null: not known. */
    readonly positionAt?: Date | null;
    readonly day: string;
    readonly buildKey: string;
    /** Rows of the tables the cycle marked from (stored as TableMemory.markedRows; holds end). */
    readonly tableRows?: ReadonlyArray<{ readonly stream: string; readonly rows: number }>;
  };
}

/** The staging table. */
export interface StagingStore {
  /** Current state of these children's staging rows (absent: no row). */
  readState(personIds: readonly string[]): Promise<Map<string, StagingState>>;
  /** Applies marks, owner-map updates and (optionally) the watermark advance in one transaction. */
  write(write: MarkWrite): Promise<void>;
  /** Children the API holds now (accepted at least once and not deleted). */
  countAccepted(): Promise<number>;
  /**
   * What the receiver may hold for these children: the last document it accepted and the ones
   * offered since without a definite answer (JSON text each, null when none); children with
   * neither are left out.
   */
  receiverDocuments(personIds: readonly string[]): Promise<Map<string, { readonly previousJson: string | null; readonly unconfirmedJson: string | null }>>;
  /**
   * One page of the documents the API holds (the last accepted, for children not deleted since),
   * in person id order after `after` (null: from the start), at most `limit`.
   */
  acceptedDocuments(after: string | null, limit: number): Promise<Array<{ readonly personId: string; readonly json: string }>>;
  /** The "today" and build key of the last marking cycle, or null before the first. */
  lastCycle(): Promise<{ readonly day: string; readonly buildKey: string } | null>;
  /** Counts by row_state x submission_status. */
  statusCounts(): Promise<Array<{ rowState: string; submissionStatus: string; count: number }>>;
  /** Counts by submission_status alone (from the status index: cheap enough for every cycle). */
  statusTotals(): Promise<Array<{ readonly submissionStatus: string; readonly count: number }>>;
  /**
   * Seconds the child waiting longest to be sent (pending or sending) has waited since its
   * stamp ({@link stampWaiting}: about its oldest unsent change's commit; its last write before
   * it is stamped), by the database's clock; null when none waits.
   */
  pendingAge(): Promise<number | null>;
  /**
   * Stamps the children found waiting to be sent, once (kept through claims and retries, cleared
   * once accepted), with `changedAt` (the earliest the oldest change the cycle read can have been
   * committed: CycleStats.oldestChangeAt), or now when null: what {@link pendingAge} and
   * commit-to-receipt measure from.
   */
  stampWaiting(changedAt: Date | null): Promise<void>;
  /**
   * Children in error grouped by ssd-delta's own reason (the API's detail, which may quote
   * values, left out), most frequent first, at most `limit` groups.
   */
  errorReasons(limit: number): Promise<Array<{ readonly reason: string; readonly count: number }>>;
  /**
   * Children an operator may need to look at, by id (the status page shows them only to a
   * request carrying serve.token): refused, then invalid, then longest waiting; at most `limit`.
   */
  attentionChildren(limit: number): Promise<AttentionChild[]>;
}

/** A child the status page names (with serve.token): why, and since when. */
export interface AttentionChild {
  readonly personId: string;
  readonly status: string;
  /** Refused or invalid: when its row was last written; waiting: since when it has waited. */
  readonly since: Date;
  /** ssd-delta's own words (no API detail, no values): the refusal, or the schema rules broken; '' when waiting. */
  readonly reason: string;
}
