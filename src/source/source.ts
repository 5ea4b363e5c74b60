import type { CaptureStore, ChangeBatch } from './ports/capture.js';
import type { ChildRowStore } from './ports/child-rows.js';
import type { RunLock } from './ports/run-lock.js';
import type { SchemaStore } from './ports/schema.js';
import type { StagingStore } from './ports/staging.js';
import type { SubmissionStore } from './ports/submissions.js';
import type { SchemaPlacement } from './sql-names.js';
import type { StreamDefinition } from '../streams/stream-definition.js';

// The port's parts, each in a file of its own (ports/), are all reached through this module.
export type * from './ports/capture.js';
export type * from './ports/child-rows.js';
export type * from './ports/init-plan.js';
export type * from './ports/run-lock.js';
export type * from './ports/schema.js';
export type * from './ports/staging.js';
export type * from './ports/submissions.js';

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
  /**
   * Runs `fn` over the SSD's rows for a dry build (validate, export): in one snapshot, as a
   * cycle reads them (`oneSnapshot` true), where the database allows one. A SQL Server database
   * that does not allow snapshot isolation (before `init` turns it on) is read statement by
   * statement instead, each statement seeing what was committed when it ran, so an LA can check
   * its SSD before anything is changed.
   */
  readRows<T>(fn: (rows: ChildRowStore, oneSnapshot: boolean) => Promise<T>): Promise<T>;
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
