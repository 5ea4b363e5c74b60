import type { LockProbe } from './lock-probe.js';
import type { SchemaPlacement } from './sql-names.js';
import type { StreamDefinition } from '../streams/stream-definition.js';
import type { SsdRow } from './ssd-row.js';

/**
 * The dialect port: everything ssd-delta asks of a database. One interface, one adapter per
 * dialect (postgres/ for PGlite and Postgres servers; mssql/ for SQL Server) with mirrored file names.
 * Stores that are the same sequence of statements on both dialects are written once, in
 * stores/, over the adapter's SQL runner (sql-runner.ts: named SQL files, typed parameters).
 * Nothing outside an adapter imports a database driver. Every operation is batch-first:
 * arrays in, one round trip.
 */
export interface Source {
  /** `postgres` (PGlite or a server) or `mssql`. */
  readonly dialect: 'postgres' | 'mssql';
  /** Where the data lives, without secrets (e.g. `PGlite at /tmp/x`, `postgres 127.0.0.1:5432/test`). */
  readonly description: string;
  /** The schemas of ssd-delta's own tables and of the SSD tables, and the staging table's name. */
  readonly placement: SchemaPlacement;
  /** ssd-delta's own tables, created by numbered migrations. */
  readonly schema: SchemaStore;
  /** Change capture: triggers / change tracking and the change feed. */
  readonly capture: CaptureStore;
  /** Maps changed rows to children and fetches children's rows. */
  readonly rows: ChildRowStore;
  /** The staging table: one row per child, its document, hash and state. */
  readonly staging: StagingStore;
  /** Claiming batches and writing back what the API answered. */
  readonly submissions: SubmissionStore;
  /** Keeps two processes from marking at once (sending may overlap: claims are safe). */
  readonly lock: RunLock;
  /**
   * Runs `fn` with a {@link CycleView}: reads that all see one snapshot of the database, while
   * writes (marks, the watermark) go on through the stores above. A marking cycle reads its
   * change feed, the tables' states and every SSD row it builds from there, so it never builds
   * a child from a table state its feed has not read.
   */
  cycleView<T>(fn: (view: CycleView) => Promise<T>): Promise<T>;
  /** Releases connections (and persists an embedded database). */
  close(): Promise<void>;
}

/** An SSD table as a cycle's snapshot sees it. */
export interface TableState {
  readonly stream: string;
  /** Rows in the table. */
  readonly rows: number;
  /**
   * Fingerprint mode: false when the table is not as its last fingerprint refresh read it (a
   * load has written it since), so the feed does not describe it. Null in direct mode, where the
   * feed is read in the same snapshot as the table.
   */
  readonly asFingerprinted: boolean | null;
}

/** The reads of one marking cycle, all in one snapshot of the database (Source.cycleView). */
export interface CycleView {
  /** The change feed up to this snapshot (see CaptureStore.readChanges). */
  readChanges(streams: readonly StreamDefinition[]): Promise<ChangeBatch>;
  /** Touch mapping and set-based fetch, in this snapshot. */
  readonly rows: ChildRowStore;
  /** Every stream's table: its row count and (fingerprint mode) whether the fingerprints describe it. */
  tableStates(streams: readonly StreamDefinition[]): Promise<TableState[]>;
}

/** What earlier cycles left about one SSD table (see capture/table-guard.ts). */
export interface TableMemory {
  /** Rows the table had when a cycle last marked from it, or null before one did. */
  readonly markedRows: number | null;
  /** What the last cycle that held for the table saw (rows and changes), or null. */
  readonly heldSeen: string | null;
  /** How long cycles have held for it (by the database's clock), or null when none does. */
  readonly heldForMs: number | null;
}

/** ssd-delta's marking lock, held across processes. */
export interface RunLock {
  /**
   * Runs `fn` while holding the lock (Postgres: a transaction-scoped advisory lock; SQL Server:
   * sp_getapplock), without waiting for it: when another process holds it, returns
   * `{ ran: false }` at once and `fn` is not run. `fn` may ask whether the lock is still held
   * (a LockProbe, lock-probe.ts): the session holding it can end under a long cycle (a DBA's kill, a
   * network cut, a server restart), and then another process may start a cycle.
   */
  whileHeld<T>(fn: (stillHeld: LockProbe) => Promise<T>): Promise<{ readonly ran: true; readonly value: T } | { readonly ran: false }>;
}

/** What `migrate` did. */
export interface MigrationReport {
  /** Migration files applied now, in order. */
  applied: string[];
  /** Migration files already applied before. */
  alreadyApplied: string[];
}

/** Result of checking the LA's SSD tables against the stream definitions. */
export interface SsdCheck {
  /** The schema the SSD tables were looked for in (database.ssdSchema). */
  schema: string;
  /** SSD tables the stream definitions need and that schema lacks. */
  missingTables: string[];
  /** Columns (table.column) that exist nowhere although a stream reads them. */
  missingColumns: string[];
  /** Missing tables found in other schemas instead, with those schemas. */
  elsewhere: Array<{ table: string; schemas: string[] }>;
}

/** Creating and checking ssd-delta's own tables. */
export interface SchemaStore {
  /** Applies pending migrations; safe when two processes start at once. */
  migrate(): Promise<MigrationReport>;
  /** Shipped migrations the database has not had yet (this version is newer than its tables: run init). */
  pending(): Promise<string[]>;
  /** Refreshes planner statistics of ssd-delta's own tables (after a baseline filled them). */
  refreshStatistics(): Promise<void>;
  /**
   * The same, while a large cycle is still filling the staging table and the owner map: it never
   * waits for a lock (a table another job holds, a VACUUM say, keeps its statistics this time).
   * SQL Server updates statistics itself when it compiles a plan: nothing there.
   */
  refreshStatisticsWhileMarking(): Promise<void>;
  /** Which SSD tables and columns the streams need and are not there. */
  checkSsd(streams: readonly StreamDefinition[]): Promise<SsdCheck>;
}

/** One changed row (or a whole-table event) read from the change feed. */
export interface Change {
  readonly stream: string;
  /** A changed row; a TRUNCATE of the stream's table; or rows written with no key (reported only). */
  readonly kind: 'row' | 'truncate' | 'nokey';
  /** Row key (composite keys joined by U+001F) when kind is `row`, else null. */
  readonly rowKey: string | null;
  /** How many raw change records collapsed into this one. */
  readonly count: number;
  /** Milliseconds since the last of them was logged (by the database's clock): how long the row has been left alone. 0 when unknown (SQL Server direct mode). */
  readonly ageMs: number;
}

/** What one read of the change feed returned. */
export interface ChangeBatch {
  /** Distinct changed rows, oldest first. */
  readonly changes: Change[];
  /** Raw change records read (before de-duplication). */
  readonly rawCount: number;
  /** Streams with no stored watermark: every child must be evaluated (first run, new stream). */
  readonly baselineStreams: string[];
  /** The position to store as the next watermark, in the same transaction as the marking. */
  readonly position: string;
  /**
   * Streams whose watermark the change feed can no longer serve (SQL Server: below Change
   * Tracking's minimum valid version), and why: they are in `baselineStreams` too.
   */
  readonly rebaselined?: ReadonlyArray<{ readonly stream: string; readonly reason: string }>;
  /** When `position` was read, by the database's clock (a change above it committed after then). */
  readonly positionAt?: Date | null;
  /**
   * The earliest the oldest change in this read can have been committed, by the database's
   * clock: Postgres direct mode, its first change-log record (written before its commit);
   * fingerprint mode and SQL Server, when the position it lies above was read. Null when there
   * is no change, or it cannot be told.
   */
  readonly oldestChangeAt?: Date | null;
}

/** What one fingerprint refresh of a stream wrote. */
export interface RefreshReport {
  readonly stream: string;
  /** Rows seen for the first time. */
  readonly inserted: number;
  /** Rows whose hash (or child) changed, or that came back. */
  readonly updated: number;
  /** Rows gone from the SSD table (flagged deleted, never removed). */
  readonly deleted: number;
  /** Why the stream was not refreshed (an empty table waiting for its reload), if it was not. */
  readonly skipped?: string;
}

/** Change capture. */
export interface CaptureStore {
  /**
   * `direct`: the SSD tables themselves are tracked (triggers, or Change Tracking).
   * `fingerprint`: a hash per SSD row is kept in ssd_delta_fingerprint; `refresh` turns only rows
   * whose hash changed into changes, so a truncate-and-reload costs nothing.
   */
  readonly mode: 'fingerprint' | 'direct';
  /** Installs capture on the SSD tables that exist (triggers, or Change Tracking); returns the tables done. */
  install(streams: readonly StreamDefinition[], say?: (line: string) => void): Promise<string[]>;
  /**
   * Fingerprint mode: refreshes the fingerprints of these streams from their SSD tables, each in
   * one set-based statement; with `onlyMoved`, only streams whose cheap signature (row count,
   * largest key, checksum) moved since their last refresh and (`waitForSettledLoads`) is the same
   * as the last poll saw, and a table found empty although it had rows only after
   * `reloadGraceMs` (see source/refresh-fingerprints.ts). Direct mode:
   * nothing (returns []).
   */
  refresh(streams: readonly StreamDefinition[], options: { readonly onlyMoved: boolean; readonly reloadGraceMs?: number; readonly waitForSettledLoads?: boolean }): Promise<RefreshReport[]>;
  /** The stream tables that already have ssd-delta's capture installed. */
  installed(streams: readonly StreamDefinition[]): Promise<string[]>;
  /**
   * Reads, in one snapshot of its own, every change that snapshot shows and the stored
   * watermarks did not (a cycle reads through Source.cycleView instead, in its snapshot).
   */
  readChanges(streams: readonly StreamDefinition[]): Promise<ChangeBatch>;
  /** What earlier cycles left about these streams' tables (absent: nothing yet). */
  tableMemory(streams: readonly string[]): Promise<Map<string, TableMemory>>;
  /**
   * Remembers that a cycle held for these streams' tables, and what it saw of each (the first
   * such cycle's time is kept until a cycle marks).
   */
  noteHeld(held: ReadonlyArray<{ readonly stream: string; readonly seen: string }>): Promise<void>;
  /**
   * Seconds since the stalest watermark of these streams was last written (a cycle that
   * marked), by the database's clock: the history (change log, Change Tracking) ssd-delta still
   * needs. Null before the first cycle.
   */
  watermarkAge(streams: readonly string[]): Promise<number | null>;
}

/** A row fetched for a child, with the child it reached and its key. */
export interface FetchedRow {
  readonly personId: string;
  /** Null when the SSD row has no key (a NULL in a key column): it feeds the document, but nothing can address it. */
  readonly rowKey: string | null;
  readonly row: SsdRow;
}

/** (stream, row key) -> child: what ssd-delta remembers so deleted rows still reach their child. */
export interface OwnerEntry {
  readonly stream: string;
  readonly rowKey: string;
  readonly personId: string;
}

/** Touch mapping and set-based fetch. */
export interface ChildRowStore {
  /** Children reached by these rows of a stream: through the current tables and through the owner map. */
  childrenOf(stream: StreamDefinition, rowKeys: readonly string[]): Promise<string[]>;
  /** Every child a TRUNCATE of this stream's table can affect (its children are re-evaluated). */
  childrenOfStream(stream: StreamDefinition): Promise<string[]>;
  /** Rows of `ssd_person` with no `pers_person_id` (they can never be sent; reported). */
  countPersonsWithoutId(): Promise<number>;
  /** Every person in `ssd_person` plus every child in the staging table. */
  allChildren(): Promise<string[]>;
  /** Children whose document changes by time alone on or before `day` (staging valid_until, wake-ups). */
  childrenDue(day: string): Promise<string[]>;
  /** True when the stream's table has no rows (a TRUNCATE not yet followed by its reload). */
  isEmpty(stream: StreamDefinition): Promise<boolean>;
  /** One set-based query: this stream's rows for these children. */
  fetchRows(stream: StreamDefinition, personIds: readonly string[]): Promise<FetchedRow[]>;
}

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
  claimBatch(batchId: string, size: number, leaseSeconds: number, purgeDeleted: boolean, run: { readonly maxAttempts: number; readonly started: Date }): Promise<ClaimedChild[]>;
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
