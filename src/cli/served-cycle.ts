import { maskUrlCredentials } from '../config/shown-value.js';
import { describeError, SsdDeltaError } from '../core/errors.js';
import type { DocumentHasher } from '../payload/canonical-hash.js';
import type { CycleStats } from '../pipeline/cycle-stats.js';
import { publicReason, takenOverSentence } from '../pipeline/cycle-waits.js';
import { historyExpiry } from '../serve/history-left.js';
import { cronWindow, ScheduleTicks } from '../serve/schedule-ticks.js';
import type { ServiceAlerts } from '../serve/service-alerts.js';
import type { ServiceHealth } from '../serve/service-health.js';
import type { ServiceMetrics } from '../serve/service-metrics.js';
import type { BatchPoster } from '../submit/batch-poster.js';
import type { AppContext } from './app-context.js';
import { appCycle, requireCapture, requireReadyForCycles } from './app-cycle.js';
import { servedOpenWrites } from './served-open-writes.js';

/** What a served cycle reports to and works with. */
export interface ServedCycleDeps {
  /** The running app, read at the start of each cycle (a reload may have replaced its config). */
  readonly app: () => AppContext;
  readonly poster: BatchPoster;
  readonly simulated: boolean;
  readonly hasher: DocumentHasher;
  readonly health: ServiceHealth;
  readonly metrics: ServiceMetrics;
  readonly alerts: ServiceAlerts;
  /** True once the service is stopping: no new batch is claimed. */
  readonly stopClaiming: () => boolean;
  readonly print: (line: string) => void;
}

/** One line per cycle on stdout, for whoever watches the service's output. */
function cycleLine(n: number, stats: CycleStats, ms: number): string {
  const held = stats.held.length > 0 ? `; waiting for the load of ${stats.held.join(', ')}` : '';
  const locked = stats.lockedOut ? `; ${SKIPPED}` : '';
  const stopped = stats.stopped ? `; sending stopped: ${stats.stopped}` : '';
  const taken = stats.takenOver > 0 ? `; ${takenOverSentence(stats)}` : '';
  return `cycle ${n}: ${stats.changesRead} changes, ${stats.touched} touched, ${stats.sent} sent, ${stats.errors} errors, ${stats.released} not taken (${ms} ms)${held}${locked}${stopped}${taken}`;
}

/** Why a cycle did nothing: another process holds the run lock. */
const SKIPPED = 'skipped: another ssd-delta process (serve or run) is running a cycle on this database';

/** The codes with which a mass-delete guard stops a cycle's marking. */
const GUARD_CODES = new Set(['MASS_DELETE_GUARD', 'MASS_PURGE_GUARD']);

/**
 * `serve`'s cycle: checks the database is ready (in full until a cycle has run and after a
 * failure, else only capture), runs the cycle, and reports it to the service's health, metrics,
 * alerts and stdout. Never throws: a failure is reported and the next tick tries again.
 */
export function servedCycle(deps: ServedCycleDeps): () => Promise<void> {
  const { health, metrics, alerts, print } = deps;
  const openWrites = servedOpenWrites({ metrics, alerts, health });
  // The whole readiness check (tables current, SSD tables there) until a cycle has run, and
  // again after a failure; between, only capture (a reload that recreates an SSD table drops its
  // triggers): the full check counts staging and reads the catalogue every tick.
  let checked = false;
  let window: { readonly key: string; readonly matcher: ReturnType<typeof cronWindow> } | undefined;
  /** Whether schedule.send lets this cycle send (a reload may have changed it). */
  const maySend = (config: AppContext['config'], at: number): boolean => {
    const { send, timezone } = config.schedule;
    if (send === undefined) return true;
    if (window?.key !== `${send}|${timezone}`) {
      void window?.matcher.dispose();
      window = { key: `${send}|${timezone}`, matcher: cronWindow(send, timezone) };
    }
    return window.matcher.isOpen(at);
  };
  let refreshes: { readonly key: string; readonly ticks: ScheduleTicks } | undefined;
  /** Whether schedule.refresh ticked since the last cycle looked (a reload may have changed it). */
  const refreshDue = (config: AppContext['config'], at: number): boolean => {
    const { refresh, timezone } = config.schedule;
    if (refresh === undefined) return false;
    if (refreshes?.key !== `${refresh}|${timezone}`) {
      void refreshes?.ticks.dispose();
      refreshes = { key: `${refresh}|${timezone}`, ticks: new ScheduleTicks(refresh, timezone, at) };
      return false;
    }
    return refreshes.ticks.until(at).length > 0;
  };
  return async () => {
    const app = deps.app();
    const { logger } = app;
    const maxPendingSeconds = app.config.alerts.maxPendingAgeMinutes * 60;
    const started = Date.now();
    metrics.cycleStarted(started);
    // Outside schedule.send the cycle captures and marks, and claims nothing.
    const sending = maySend(app.config, started);
    try {
      await (checked ? requireCapture(app) : requireReadyForCycles(app));
      checked = true;
      // schedule.refresh ticked: every SSD table compared with its fingerprints first, as `ssd-delta refresh` does.
      if (refreshDue(app.config, started) && app.source.capture.mode === 'fingerprint') {
        const reports = await app.source.capture.refresh(app.streams, { onlyMoved: false });
        const changed = reports.reduce((n, r) => n + r.inserted + r.updated + r.deleted, 0);
        logger.info({ tables: reports.length, changed }, 'schedule.refresh: fingerprints refreshed');
        print(`refreshed ${reports.length} SSD tables (schedule.refresh): ${changed} rows changed`);
      }
      const stopClaiming = sending ? deps.stopClaiming : () => true;
      const closed = sending ? {} : { closed: `outside the send window (schedule.send "${app.config.schedule.send}"): marked, nothing sent until it opens` };
      const stats = await appCycle(app, { poster: deps.poster, simulated: deps.simulated, hasher: deps.hasher, stopClaiming, onAnswer: metrics.answered, ...closed });
      const at = Date.now();
      const seconds = (at - started) / 1000;
      // Children the API did not take (down, the breaker open) make the service not ready; so
      // does a cycle skipped for another process's (a second service, or one that hangs).
      const notTaken = stats.lockedOut ? SKIPPED : (stats.stopped ?? (stats.released > 0 ? `${stats.released} children were not taken by the API` : null));
      metrics.cycleEnded(stats, stats.lockedOut ? 'skipped' : notTaken ? 'not_taken' : 'succeeded', seconds, at);
      health.record(notTaken ? { ok: false, at, seconds, reason: notTaken, stats } : { ok: true, at, seconds, stats });
      logger.info({ ...stats }, 'cycle done');
      print(`${cycleLine(health.cycles, stats, at - started)}${sending ? '' : `; sending waits for schedule.send ("${app.config.schedule.send}")`}`);
      // A skipped cycle says nothing of the breaker, the guards, capture or the feed.
      if (!stats.lockedOut) {
        const rebaselined = stats.rebaselined.length > 0 ? `${stats.rebaselined.join(', ')} re-baselined: their change history could not be read from ssd-delta's position (expired, or tracking reset), so every child was re-evaluated; nothing is lost, and only real changes were sent` : null;
        alerts.judge(at, { 'capture-missing': null, guard: null, breaker: stats.stopped ? `sending stopped: ${stats.stopped}` : null, rebaseline: rebaselined });
      }
    } catch (error) {
      // A cycle that failed (the database gone, a guard holding, capture missing) is reported; the next tick tries again.
      checked = false;
      const at = Date.now();
      const seconds = (at - started) / 1000;
      const reason = publicReason(error);
      metrics.cycleFailed(seconds);
      health.record({ ok: false, at, seconds, reason });
      logger.error({ code: (error as { code?: string }).code }, maskUrlCredentials(describeError(error)));
      print(`cycle ${health.cycles} failed: ${reason}`);
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'CAPTURE_MISSING') alerts.judge(at, { 'capture-missing': reason });
      else if (typeof code === 'string' && GUARD_CODES.has(code)) alerts.judge(at, { guard: reason, 'capture-missing': null });
    }
    alerts.judge(Date.now(), { 'cycle-age': health.stale(Date.now()) });
    // How old ssd-delta's position in the change history is; on SQL Server, how long Change Tracking keeps it.
    await app.source.capture.watermarkAge(app.streams.map((s) => s.stream)).then((age) => {
      if (age === null) return;
      const left = app.source.dialect === 'mssql' ? app.config.capture.retentionDays * 86_400 - age : null;
      metrics.history(age, left);
      if (left === null) return;
      alerts.judge(Date.now(), { 'history-expiry': historyExpiry(app.config.capture.retentionDays, age) });
    }, (error: unknown) => logger.warn({ code: (error as { code?: string }).code }, `metrics: the watermark could not be read: ${maskUrlCredentials(describeError(error))}`));
    // What the staging table holds now, for /metrics and the pending-age alert (a database that is away is said by the cycle).
    await Promise.all([app.source.staging.statusTotals(), app.source.staging.pendingAge()])
      .then(([counts, pendingAgeSeconds]) => {
        metrics.staging({ counts, pendingAgeSeconds });
        const waited = pendingAgeSeconds !== null && pendingAgeSeconds > maxPendingSeconds;
        // Children waiting for the send window are meant to wait: judged again once it opens.
        if (!sending) return;
        alerts.judge(Date.now(), { 'pending-age': waited ? `a child has waited ${Math.round((pendingAgeSeconds as number) / 60)} minutes to be sent (alerts.maxPendingAgeMinutes is ${app.config.alerts.maxPendingAgeMinutes})` : null });
      })
      .catch((error: unknown) => logger.warn({ code: (error as { code?: string }).code }, `metrics: the staging table could not be read: ${maskUrlCredentials(describeError(error))}`));
    // Writes a transaction has not committed yet, which no cycle can read (gauge, warning, alert).
    await openWrites(app);
  };
}
