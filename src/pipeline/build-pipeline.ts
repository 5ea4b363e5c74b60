import { from, lastValueFrom, reduce } from 'rxjs';
import type { StreamDefinition } from '../streams/stream-definition.js';
import { touchChildren } from '../capture/touch-children.js';
import type { Clock } from '../core/clock.js';
import { SsdDeltaError, TableBusyError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { loggedProgress, type ProgressSink } from '../core/progress.js';
import type { DocumentHasher } from '../payload/canonical-hash.js';
import { defaultBuildSettings, type BuildSettings } from '../payload/build-settings.js';
import { reportingWindow } from '../payload/reporting-window.js';
import type { LockProbe } from '../source/lock-probe.js';
import type { ChangeBatch, CycleView, MarkWrite, RefreshReport, Source } from '../source/source.js';
import { buildDocuments } from './build-documents.js';
import { checkTables } from './check-tables.js';
import { chunkIds } from './chunk.js';
import { emptyStats, timed, type CycleStats } from './cycle-stats.js';
import { checkDeleteGuard, DEFAULT_GUARDS, type CycleGuards } from './delete-guard.js';
import { fetchChildRows } from './fetch-child-rows.js';
import { hashDocuments } from './hash-documents.js';
import { emptyDeferred, markChunk, type Deferred } from './mark-chunk.js';
import { checkPurgeGuard, heldParts } from './purge-guard.js';
import { runLockLost } from './run-lock-lost.js';
import { statisticsAsTablesGrow } from './statistics-as-tables-grow.js';

const PROGRESS_EVERY_MS = 10_000;

/** Everything one delta cycle needs (all injected: no globals). */
export interface CycleDeps {
  readonly source: Source;
  readonly streams: readonly StreamDefinition[];
  readonly hasher: DocumentHasher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly chunkSize: number;
  /** Safety limits; DEFAULT_GUARDS when absent. */
  readonly guards?: CycleGuards;
  /** The LA's code spellings and cohort list; none when absent. */
  readonly settings?: BuildSettings;
  /** Told how many touched children have been rebuilt; a log line every 10 s when absent. */
  readonly progress?: ProgressSink;
  /**
   * Asked before each of marking's writes, under the run lock: a process whose lock session
   * ended (a kill, a network cut) stops before writing over what another process may be marking.
   */
  readonly stillHeld?: LockProbe;
}

/** Rows written with no key cannot reach a child: say so, by stream, every cycle they appear. */
function reportUnaddressable(batch: ChangeBatch, logger: Logger): void {
  for (const change of batch.changes) {
    if (change.kind === 'nokey') logger.warn({ stream: change.stream, rows: change.count }, 'changed SSD rows without a key cannot reach a child (for ssd_person: give the row a pers_person_id)');
  }
}

/**
 * True when the stored documents and due days cannot be trusted for `today`: the last cycle ran
 * on a later day (a replay), or built documents another way (an upgrade of ssd-delta, a new
 * payload.codes mapping, another cohort list; or a database marked before due days existed).
 */
async function mustEvaluateEveryone(last: { day: string; buildKey: string } | null, source: Source, today: string, buildKey: string, logger: Logger): Promise<boolean> {
  if (last === null) return (await source.staging.statusCounts()).length > 0;
  if (today < last.day) {
    logger.warn({ today, lastDay: last.day }, "today is earlier than the last cycle's (a replay?): evaluating every child");
    return true;
  }
  if (buildKey !== last.buildKey) {
    logger.info('ssd-delta was upgraded, or payload.codes or the cohort list changed: evaluating every child (only changed documents are sent)');
    return true;
  }
  return false;
}

/** Logs what a fingerprint refresh wrote (one line per stream) and the streams it held back. */
function reportRefresh(reports: readonly RefreshReport[], logger: Logger): void {
  for (const r of reports) {
    if (r.skipped) logger.warn({ stream: r.stream }, r.skipped);
    else logger.info({ stream: r.stream, inserted: r.inserted, updated: r.updated, deleted: r.deleted }, 'fingerprints refreshed');
  }
}

/**
 * Capture -> touch -> rebuild -> hash -> mark for one cycle. Reads the change feed, maps it to
 * touched children, then streams them through an RxJS pipeline in chunks: fetch (one
 * set-based query per stream), build, hash, mark. Deletions and the watermark advance are
 * written last, in one transaction, after the delete guard. Sending is separate (see
 * submit/submit-pending.ts) so a cycle's marking is complete and durable before any POST.
 */
export async function markChanges(deps: CycleDeps, stats: CycleStats = emptyStats()): Promise<CycleStats> {
  // One process marks at a time (two would read the same changes and race on the watermark).
  const held = await deps.source.lock.whileHeld((stillHeld) => markUnderLock({ ...deps, stillHeld }, stats));
  if (!held.ran) {
    stats.lockedOut = true;
    deps.logger.info('another ssd-delta process is running a cycle on this database: nothing marked');
  }
  return stats;
}

/** {@link markChanges} for a caller that already holds the run lock (a whole cycle). */
export async function markUnderLock(deps: CycleDeps, stats: CycleStats): Promise<CycleStats> {
  const { source, logger } = deps;
  const guards = deps.guards ?? DEFAULT_GUARDS;
  let marked: MarkedInView | null;
  try {
    marked = await readAndMark(deps, guards, stats);
  } catch (error) {
    // A table the LA's load holds, or truncated while it was read: hold, as for a load under way.
    if (!(error instanceof TableBusyError)) throw error;
    await holdForBusyTable(error, deps.streams, source, guards, logger);
    stats.held = [error.table ?? 'an SSD table'];
    return stats;
  }
  if (marked === null) return stats;
  const { deferred, advance, baseline } = marked;
  // After the snapshot has ended (its locks and row versions are no longer needed): the guards
  // may read every accepted document, and what they let through is written with the watermark.
  await timed(stats, 'mark', async () => {
    // Children and items the window moved past are expected to go (every 1 April takes a share
    // of them); the guards are for rows that vanished.
    const vanished = [...deferred.deleted].filter((id) => !deferred.timeCaused.has(id)).length;
    if (vanished > 0) checkDeleteGuard(vanished, await source.staging.countAccepted(), guards);
    await checkPurgeGuard(deferred.purges, () => heldParts(source.staging), guards);
    if (deps.stillHeld && !(await deps.stillHeld())) throw runLockLost('while it marked');
    await source.staging.write({ ...deferred, advance });
  });
  // A baseline fills the staging table and the owner map from nothing; PGlite has no
  // autovacuum, so without this the next cycles would plan as if they were empty.
  if (baseline) await source.schema.refreshStatistics();
  return stats;
}

/** What a cycle's reads left to write once its snapshot has ended: the deferred marks and the watermark. */
interface MarkedInView {
  readonly deferred: Deferred;
  readonly advance: NonNullable<MarkWrite['advance']>;
  readonly baseline: boolean;
}

/**
 * Refreshes fingerprints (fingerprint mode), then reads and marks in one snapshot; null when the
 * cycle holds (a table being written, mid-reload, or shrunk) and marks nothing more.
 */
async function readAndMark(deps: CycleDeps, guards: CycleGuards, stats: CycleStats): Promise<MarkedInView | null> {
  const { source, streams, logger } = deps;
  // Fingerprint mode: tables whose signature moved since their last refresh (a load finished)
  // are refreshed first, so their changed rows are in the feed this cycle reads.
  const refreshed = await timed(stats, 'capture', () => source.capture.refresh(streams, { onlyMoved: true, reloadGraceMs: guards.reloadGraceMs, waitForSettledLoads: guards.waitForSettledLoads }));
  reportRefresh(refreshed, logger);
  // A table waited for (being written, or empty mid-reload) holds the whole cycle, as a truncated
  // one does in direct mode: children rebuilt now would be built from a load half done.
  const waitedFor = refreshed.filter((r) => r.skipped !== undefined).map((r) => streams.find((s) => s.stream === r.stream)?.table ?? r.stream);
  if (waitedFor.length > 0) {
    stats.held = waitedFor;
    return null;
  }
  // Everything the cycle reads (the feed, the tables' states, every child's rows) comes from one
  // snapshot, so no child is built from a table state the feed has not read.
  return source.cycleView((view) => markInView(deps, view, guards, stats));
}

/**
 * Holds a cycle for a table another transaction holds (or rewrote while it was read), for at
 * most capture.reloadGraceMinutes from the first cycle that found it so: a load left idle in its
 * transaction must not keep every cycle quiet for ever without anyone hearing of it.
 */
async function holdForBusyTable(error: TableBusyError, streams: readonly StreamDefinition[], source: Source, guards: CycleGuards, logger: Logger): Promise<void> {
  logger.warn({ table: error.table }, `${error.message}; the cycle holds (nothing is lost)`);
  if (error.table === null || guards.reloadGraceMs <= 0) return;
  // Remembered by stream: the LA may name the table otherwise (ssd.tables).
  const stream = streams.find((s) => s.table === error.table)?.stream ?? error.table;
  // Since the first cycle that held for it (an earlier one's time, before this one notes its own).
  const heldFor = (await source.capture.tableMemory([stream])).get(stream)?.heldForMs ?? null;
  await source.capture.noteHeld([{ stream, seen: 'held by another transaction' }]);
  if (heldFor === null || heldFor < guards.reloadGraceMs) return;
  throw new SsdDeltaError(
    'SSD_TABLE_HELD',
    `${error.table} has been held by another transaction for longer than capture.reloadGraceMinutes (${Math.round(heldFor / 60_000)} minutes): no cycle can read the SSD; find the session holding it (a load left idle in its transaction? Postgres: pg_locks and pg_stat_activity; SQL Server: blocking_session_id in sys.dm_exec_requests) and end it`,
  );
}

async function markInView(deps: CycleDeps, view: CycleView, guards: CycleGuards, stats: CycleStats): Promise<MarkedInView | null> {
  const { source, streams, logger } = deps;
  const batch = await timed(stats, 'capture', () => view.readChanges(streams));
  stats.changesRead = batch.rawCount;
  for (const r of batch.rebaselined ?? []) logger.warn({ stream: r.stream, reason: r.reason }, 're-baseline: every child is re-evaluated (nobody is lost; only real changes are sent)');
  stats.rebaselined = (batch.rebaselined ?? []).map((r) => r.stream);
  reportUnaddressable(batch, logger);
  const today = deps.clock.today();
  const buildKey = (deps.settings ?? defaultBuildSettings()).key;
  const last = await source.staging.lastCycle();
  const everyone = await mustEvaluateEveryone(last, source, today, buildKey, logger);
  const touch = await timed(stats, 'touch', () => touchChildren(batch, streams, view.rows, { today, everyone }));
  // Nobody is built before every table is known to be whole (not truncated, shrunk or mid-load).
  const tables = touch.children.length === 0 ? null : await timed(stats, 'capture', () => checkTables(view, source.capture, batch, streams, guards, logger));
  if (tables && tables.held.length > 0) {
    stats.held = tables.held;
    return null;
  }
  stats.touched = touch.children.length;
  stats.due = touch.due;
  stats.baseline = touch.baseline;
  // A baseline's children wait from now: their "change" is the first look, not a commit.
  stats.oldestChangeAt = touch.baseline ? null : (batch.oldestChangeAt ?? null);
  if (touch.baseline) {
    logger.info({ streams: batch.baselineStreams.length, children: touch.children.length }, 'baseline: evaluating every child');
    const withoutId = await view.rows.countPersonsWithoutId();
    if (withoutId > 0) logger.warn({ rows: withoutId }, 'ssd_person rows without pers_person_id cannot be sent: give them an id in the SSD load');
  }
  if (touch.truncated.length > 0) logger.info({ streams: touch.truncated, children: touch.children.length }, 'tables truncated: re-evaluating their children');
  const window = reportingWindow(today);
  const deferred = emptyDeferred();
  const chunks = chunkIds(touch.children, deps.chunkSize);
  // Long rebuilds (a baseline of a large LA) say how far they are: a bar on a terminal, else a log line every 10 s.
  const progress = deps.progress ?? loggedProgress(logger, 'rebuilding children', PROGRESS_EVERY_MS);
  await lastValueFrom(
    from(chunks).pipe(
      fetchChildRows(view.rows, streams, stats),
      // A child gone today is also built on the last cycle's day, to tell time from vanished rows.
      buildDocuments({ window, settings: deps.settings, lastDay: !everyone && last !== null && last.day < today ? last.day : null }, stats),
      hashDocuments(deps.hasher, stats),
      markChunk(source.staging, deps.hasher, deferred, stats, logger, deps.stillHeld),
      statisticsAsTablesGrow(source.schema, chunks.length, stats, logger),
      reduce((done, chunk) => {
        const rebuilt = done + chunk.ids.length;
        progress(rebuilt, touch.children.length);
        return rebuilt;
      }, 0),
    ),
  );
  const advance = { streams: streams.map((s) => s.stream), position: batch.position, positionAt: batch.positionAt ?? null, day: today, buildKey, ...(tables ? { tableRows: tables.rows } : {}) };
  return { deferred, advance, baseline: touch.baseline };
}
