// The change-capture part of the port: capture installed, the feed read, what cycles remember of each table. Part of the dialect port:
// src/source/source.ts gathers the parts, and every layer imports them from there.

import type { StreamDefinition } from '../../streams/stream-definition.js';
import type { CapturePlan } from './init-plan.js';

/** What earlier cycles left about one SSD table (see capture/table-guard.ts). */
export interface TableMemory {
  /** Rows the table had when a cycle last marked from it, or null before one did. */
  readonly markedRows: number | null;
  /** What the last cycle that held for the table saw (rows and changes), or null. */
  readonly heldSeen: string | null;
  /** How long cycles have held for it (by the database's clock), or null when none does. */
  readonly heldForMs: number | null;
  /** When cycles began to hold for it (ISO, UTC), or null when none does. */
  readonly heldSince: string | null;
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

/**
 * A transaction open in the SSD's database that has written and not committed: what a cycle
 * cannot see yet (Postgres' snapshot, SQL Server's Change Tracking: both show a transaction's
 * changes only once it commits). Never its query text, its user or any value it wrote.
 */
export interface OpenWrite {
  /** The database it is open in (the SSD's). */
  readonly database: string;
  /** Postgres: the backend pid; SQL Server: the session_id. A prepared transaction: its gid (Postgres) or transaction id (SQL Server). */
  readonly pid: string | number;
  /** The application name the session gave (application_name, program_name); '' when none. */
  readonly application: string;
  /** Seconds since it began (a prepared one: since it was prepared; SQL Server: since its first write in the database). */
  readonly seconds: number;
  /** A prepared (two-phase) transaction, waiting for its transaction manager: no session holds it. */
  readonly prepared: boolean;
}

/** What {@link CaptureStore.openWrites} found. */
export interface OpenWrites {
  /**
   * False when the login cannot see (or age) some other session's writing transaction: the list
   * may then be short, and `grant` says what would let it see them.
   */
  readonly visible: boolean;
  /** The statement a DBA runs so that the login sees every session's transactions, when `visible` is false; else null. */
  readonly grant: string | null;
  /** Writing transactions seen whose age this login cannot read (Postgres, without pg_read_all_stats); 0 when unknown. */
  readonly unseen: number;
  /** Oldest first. */
  readonly transactions: readonly OpenWrite[];
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
   * What `install` would do and the permissions it (and reading the feed) needs, by reading the
   * catalog only: nothing is changed (`init --check`).
   */
  plan(streams: readonly StreamDefinition[]): Promise<CapturePlan>;
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
  /**
   * The transactions open in the SSD's database for at least `olderThanSeconds` that have written
   * and not committed (other sessions' only; prepared ones too): the writes no cycle can read
   * until they commit. Reads the server's session views (Postgres pg_stat_activity and
   * pg_prepared_xacts; SQL Server sys.dm_tran_*), which need pg_read_all_stats or VIEW SERVER
   * STATE to show other logins' transactions: without, `visible` is false. The embedded
   * database has one session: always visible and empty.
   */
  openWrites(olderThanSeconds: number): Promise<OpenWrites>;
}
