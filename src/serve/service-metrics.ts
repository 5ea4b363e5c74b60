import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { STAGES, type CycleStats } from '../pipeline/cycle-stats.js';
import type { RecordedAnswer } from '../submit/answer-observer.js';
import { ALERT_KINDS, type AlertChange } from './alert-episodes.js';

/** Seconds: a quick cycle (nothing changed) up to a first baseline of a large LA. */
const CYCLE_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

/** Seconds: a 10 s cycle (under a minute is the target) up to a day held back (a send window, an outage). */
const RECEIPT_BUCKETS = [1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 86_400];

/** What a rebuilt child's row became. */
const MARK_OUTCOMES = ['new', 'updated', 'unchanged', 'deleted', 'invalid'] as const;

/** Submission states a staging row can be in (the gauge shows 0 for those with no row). */
const SUBMISSION_STATES = ['pending', 'sending', 'sent', 'error', 'invalid'] as const;

/** What the staging table holds now, read after each cycle. */
export interface StagingSnapshot {
  readonly counts: ReadonlyArray<{ readonly submissionStatus: string; readonly count: number }>;
  /** Seconds the child waiting longest has waited; null when none waits. */
  readonly pendingAgeSeconds: number | null;
}

/** `2xx` ... `5xx`, or `none` when no answer came. */
function statusClass(status: number | null): string {
  return status === null ? 'none' : `${Math.floor(status / 100)}xx`;
}

/**
 * `serve`'s Prometheus metrics (prom-client, a registry of its own): what each cycle did, every
 * POST's answer, and what the staging table holds after each cycle. Counts and durations only:
 * no child id, no personal data, no secret.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly #cycles = new Counter({ name: 'ssd_delta_cycles_total', help: 'Cycles finished, by outcome: succeeded, not_taken (the API did not take every child), skipped (another process was running a cycle), failed.', labelNames: ['outcome'], registers: [this.registry] });
  readonly #cycleSeconds = new Histogram({ name: 'ssd_delta_cycle_duration_seconds', help: 'Wall time of a whole cycle (capture, mark, send), by outcome.', labelNames: ['outcome'], buckets: CYCLE_BUCKETS, registers: [this.registry] });
  readonly #started = new Gauge({ name: 'ssd_delta_last_cycle_start_timestamp_seconds', help: 'When the last cycle started (Unix time; 0 before the first).', registers: [this.registry] });
  readonly #stageSeconds = new Histogram({ name: 'ssd_delta_cycle_stage_duration_seconds', help: 'Wall time of one stage of a cycle.', labelNames: ['stage'], buckets: CYCLE_BUCKETS, registers: [this.registry] });
  readonly #changes = new Counter({ name: 'ssd_delta_changes_read_total', help: 'Change records read from the change feed.', registers: [this.registry] });
  readonly #marked = new Counter({ name: 'ssd_delta_children_marked_total', help: 'Children rebuilt by a cycle, by what their row became (new, updated, unchanged, deleted, invalid).', labelNames: ['outcome'], registers: [this.registry] });
  readonly #answered = new Counter({ name: 'ssd_delta_children_answered_total', help: 'Children the API answered for, by fate: sent (accepted), refused (now error), not_taken (back to pending).', labelNames: ['fate'], registers: [this.registry] });
  readonly #commitToReceipt = new Histogram({
    name: 'ssd_delta_commit_to_receipt_seconds',
    help: 'Per child the API accepted whose wait a change dates: seconds from the commit of its oldest unsent change to the acceptance, an upper bound (Postgres direct mode: from the change log\'s first record of it; fingerprint mode and SQL Server: from when the position it lies above was read, up to one cycle more). Baselines, resends and date-only changes are not counted.',
    buckets: RECEIPT_BUCKETS,
    registers: [this.registry],
  });
  readonly #posts = new Counter({ name: 'ssd_delta_posts_total', help: 'POSTs answered, by HTTP status class (none: no answer came).', labelNames: ['status_class'], registers: [this.registry] });
  readonly #retries = new Counter({ name: 'ssd_delta_post_retries_total', help: 'POSTs the API did not take that were sent again after a wait.', registers: [this.registry] });
  readonly #splits = new Counter({ name: 'ssd_delta_batch_splits_total', help: 'Batches split in halves (a 413, or a 400 naming no child).', registers: [this.registry] });
  readonly #trips = new Counter({ name: 'ssd_delta_breaker_trips_total', help: 'Cycles whose sending the circuit breaker stopped.', registers: [this.registry] });
  readonly #staging = new Gauge({ name: 'ssd_delta_staging_children', help: 'Staging rows by submission status, after the last cycle.', labelNames: ['status'], registers: [this.registry] });
  readonly #pendingAge = new Gauge({ name: 'ssd_delta_oldest_pending_age_seconds', help: 'How long the child waiting longest to be sent has waited, from (about) the commit of its oldest change not yet sent, after the last cycle (0: none waits).', registers: [this.registry] });
  readonly #watermarkAge = new Gauge({ name: 'ssd_delta_watermark_age_seconds', help: 'Seconds since the stalest stream\'s watermark last moved (a cycle that marked): the change history ssd-delta still needs.', registers: [this.registry] });
  readonly #historyLeft = new Gauge({ name: 'ssd_delta_change_tracking_history_left_seconds', help: 'SQL Server: capture.retentionDays less the watermark\'s age, the time before Change Tracking history ssd-delta needs expires (then every child is re-evaluated).', registers: [this.registry] });
  readonly #rebaselines = new Counter({ name: 'ssd_delta_rebaselines_total', help: 'Streams re-baselined (history expired, tracking reset): every child re-evaluated.', registers: [this.registry] });
  readonly #held = new Gauge({ name: 'ssd_delta_tables_held', help: 'SSD tables the last cycle held marking for (truncated, shrunk or still being loaded).', registers: [this.registry] });
  readonly #lastSuccess = new Gauge({ name: 'ssd_delta_last_success_timestamp_seconds', help: 'When the last cycle that succeeded (every child taken) finished (Unix time; 0 before the first).', registers: [this.registry] });
  readonly #alerts = new Gauge({ name: 'ssd_delta_alert_active', help: '1 while an alert condition holds (cycle-age, pending-age, breaker, capture-missing, guard, history-expiry, rebaseline, open-write), else 0.', labelNames: ['alert'], registers: [this.registry] });
  readonly #openWrite = new Gauge({ name: 'ssd_delta_open_write_transaction_seconds', help: 'Age of the oldest transaction open in the SSD\'s database that has written and not committed (other sessions\'), after the last cycle: capture reads its changes only once it commits (0: none, or alerts.maxOpenTransactionMinutes is 0).', registers: [this.registry] });
  readonly #lastOutcome = new Gauge({ name: 'ssd_delta_last_cycle_succeeded', help: '1 when the last cycle succeeded, 0 when it failed or none has finished.', registers: [this.registry] });

  /** `ready` is read at each scrape: /readyz's verdict as a 0/1 gauge. */
  constructor(ready: () => boolean) {
    new Gauge({
      name: 'ssd_delta_ready',
      help: '1 when /readyz answers ready, else 0.',
      registers: [this.registry],
      collect() {
        this.set(ready() ? 1 : 0);
      },
    });
    for (const status of SUBMISSION_STATES) this.#staging.set({ status }, 0);
    for (const outcome of ['succeeded', 'not_taken', 'skipped', 'failed']) this.#cycles.inc({ outcome }, 0);
    for (const fate of ['sent', 'refused', 'not_taken']) this.#answered.inc({ fate }, 0);
    for (const outcome of MARK_OUTCOMES) this.#marked.inc({ outcome }, 0);
    for (const status_class of ['2xx', '3xx', '4xx', '5xx', 'none']) this.#posts.inc({ status_class }, 0);
    for (const alert of ALERT_KINDS) this.#alerts.set({ alert }, 0);
    collectDefaultMetrics({ register: this.registry });
  }

  /** A cycle started (a cycle that never ends shows as this timestamp left behind the last success). */
  cycleStarted(at: number): void {
    this.#started.set(at / 1000);
  }

  /**
   * A cycle that ran to its end, with what it did and the service's verdict: `succeeded`;
   * `not_taken` (the API did not take every child, or the breaker stopped sending); `skipped`
   * (another process was running a cycle). Only a success moves the last-success time.
   */
  cycleEnded(stats: CycleStats, verdict: 'succeeded' | 'not_taken' | 'skipped', seconds: number, at: number): void {
    this.#cycles.inc({ outcome: verdict });
    this.#cycleSeconds.observe({ outcome: verdict }, seconds);
    if (verdict === 'skipped') return;
    for (const stage of STAGES) this.#stageSeconds.observe({ stage }, stats.ms[stage] / 1000);
    this.#changes.inc(stats.changesRead);
    for (const outcome of MARK_OUTCOMES) this.#marked.inc({ outcome }, stats[outcome]);
    if (stats.stopped) this.#trips.inc();
    this.#rebaselines.inc(stats.rebaselined.length);
    this.#held.set(stats.held.length);
    this.#lastOutcome.set(verdict === 'succeeded' ? 1 : 0);
    if (verdict === 'succeeded') this.#lastSuccess.set(at / 1000);
  }

  /** A cycle that failed (its reason is in /readyz and the log). */
  cycleFailed(seconds: number): void {
    this.#cycles.inc({ outcome: 'failed' });
    this.#cycleSeconds.observe({ outcome: 'failed' }, seconds);
    this.#lastOutcome.set(0);
  }

  /** One POST's answer, once recorded (the submit path's observer). */
  readonly answered = (answer: RecordedAnswer): void => {
    this.#posts.inc({ status_class: statusClass(answer.status) });
    // Counted as each answer is recorded: a cycle that throws later (a guard, the database gone) still counts.
    this.#answered.inc({ fate: 'sent' }, answer.fates.sent);
    this.#answered.inc({ fate: 'refused' }, answer.fates.refused);
    this.#answered.inc({ fate: 'not_taken' }, answer.fates.notTaken);
    for (const waited of answer.acceptedWaits) this.#commitToReceipt.observe(Math.max(0, waited));
    if (answer.outcome === 'retry') this.#retries.inc();
    if (answer.outcome === 'split' || answer.outcome === 'bisect') this.#splits.inc();
  };

  /** The watermark's age, and on SQL Server the Change Tracking history left (seconds). */
  history(watermarkAgeSeconds: number, historyLeftSeconds: number | null): void {
    this.#watermarkAge.set(watermarkAgeSeconds);
    if (historyLeftSeconds !== null) this.#historyLeft.set(historyLeftSeconds);
  }

  /** The oldest writing transaction's age in the SSD's database (seconds; 0: none). */
  openWrites(oldestSeconds: number): void {
    this.#openWrite.set(oldestSeconds);
  }

  /** What the staging table holds after a cycle. */
  staging(snapshot: StagingSnapshot): void {
    const byStatus = new Map<string, number>(SUBMISSION_STATES.map((s) => [s, 0]));
    for (const row of snapshot.counts) byStatus.set(row.submissionStatus, (byStatus.get(row.submissionStatus) ?? 0) + row.count);
    for (const [status, count] of byStatus) this.#staging.set({ status }, count);
    this.#pendingAge.set(snapshot.pendingAgeSeconds ?? 0);
  }

  /** An alert episode started or ended. */
  readonly alert = (change: AlertChange): void => {
    this.#alerts.set({ alert: change.kind }, change.state === 'firing' ? 1 : 0);
  };

  /** The exposition: Prometheus text format and its content type. */
  async exposition(): Promise<{ readonly contentType: string; readonly body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
