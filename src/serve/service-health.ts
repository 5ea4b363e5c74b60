import type { CycleStats } from '../pipeline/cycle-stats.js';

/** How a cycle ended: when (ms since the epoch), how long it took, what it did or why it failed. */
export type CycleOutcome =
  | { readonly ok: true; readonly at: number; readonly seconds?: number; readonly stats: CycleStats }
  | { readonly ok: false; readonly at: number; readonly seconds?: number; readonly reason: string; readonly stats?: CycleStats };

/** A finished cycle as the status page lists it. */
export type RecentCycle =
  | { readonly ok: true; readonly at: Date; readonly seconds: number; readonly stats: CycleStats }
  | { readonly ok: false; readonly at: Date; readonly seconds: number; readonly reason: string; readonly stats?: CycleStats };

/** What /readyz answers: ready, or the one-line reason why not. */
export interface Readiness {
  readonly ready: boolean;
  readonly reason: string;
}

/** How many finished cycles the status page lists. */
const RECENT_CYCLES = 20;

/**
 * What `serve` knows of its own health: the last cycles' outcomes and the last success. Ready
 * when the last cycle succeeded and the last success is younger than `maxCycleAgeMs`, by the
 * clock given (so tests need not wait).
 */
export class ServiceHealth {
  #recent: RecentCycle[] = [];
  #lastSuccess: number | undefined;
  #cycles = 0;
  /** What holds the service back without making it unready (a load's transaction left open), by kind. */
  #notes = new Map<string, string>();

  /** `startedAt`: when the service started (a service whose first cycle never ends goes stale from then). */
  constructor(
    private readonly maxCycleAgeMs: number,
    private readonly startedAt: number = Date.now(),
  ) {}

  /**
   * Why the service is stale: no cycle has succeeded for longer than the limit, since the last
   * success or, before any, since the service started; null while it is not.
   */
  stale(now: number): string | null {
    const age = now - (this.#lastSuccess ?? this.startedAt);
    if (age <= this.maxCycleAgeMs) return null;
    const last = this.#recent[0];
    const why = !last ? 'no cycle has finished since the service started' : last.ok ? 'the last one finished without error' : `the last one: ${last.reason}`;
    return `no cycle has succeeded for ${Math.round(age / 60_000)} minutes (alerts.maxCycleAgeMinutes is ${Math.round(this.maxCycleAgeMs / 60_000)}); ${why}`;
  }

  /**
   * Sets (or, with null, clears) a note of something holding the service back that does not make
   * it unready, such as a transaction left open in the SSD's database: /readyz says it after the
   * last cycle's counts.
   */
  note(kind: string, text: string | null): void {
    if (text === null) this.#notes.delete(kind);
    else this.#notes.set(kind, text);
  }

  /** Cycles finished so far, with or without success. */
  get cycles(): number {
    return this.#cycles;
  }

  /** The last cycles, newest first. */
  get recent(): readonly RecentCycle[] {
    return this.#recent;
  }

  /** What the last cycle did (a cycle that failed part way may have none), else undefined. */
  get lastStats(): CycleStats | undefined {
    return this.#recent[0]?.stats;
  }

  record(outcome: CycleOutcome): void {
    this.#cycles += 1;
    const at = new Date(outcome.at);
    const seconds = outcome.seconds ?? 0;
    this.#recent.unshift(outcome.ok ? { ok: true, at, seconds, stats: outcome.stats } : { ok: false, at, seconds, reason: outcome.reason, ...(outcome.stats ? { stats: outcome.stats } : {}) });
    this.#recent.length = Math.min(this.#recent.length, RECENT_CYCLES);
    if (outcome.ok) this.#lastSuccess = outcome.at;
  }

  readiness(now: number): Readiness {
    const last = this.#recent[0];
    if (!last) return { ready: false, reason: 'no cycle has finished yet' };
    if (!last.ok) return { ready: false, reason: `the last cycle failed: ${last.reason}` };
    const age = now - (this.#lastSuccess ?? last.at.getTime());
    if (age > this.maxCycleAgeMs) return { ready: false, reason: `no cycle has succeeded for ${Math.round(age / 60_000)} minutes (alerts.maxCycleAgeMinutes is ${Math.round(this.maxCycleAgeMs / 60_000)})` };
    const s = last.stats;
    // A cycle's own reasons for leaving children unsent (held for a load, outside schedule.send), then the notes.
    const waits = [...s.waits, ...this.#notes.values()];
    return { ready: true, reason: `last cycle ${last.at.toISOString()}: ${s.touched} touched, ${s.sent} sent, ${s.errors} errors${waits.map((w) => `; ${w}`).join('')}` };
  }
}
