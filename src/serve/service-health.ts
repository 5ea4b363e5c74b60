import type { CycleStats } from '../pipeline/cycle-stats.js';

/** How the last cycle ended. */
export type CycleOutcome = { readonly ok: true; readonly at: number; readonly stats: CycleStats } | { readonly ok: false; readonly at: number; readonly reason: string };

/** What /readyz answers: ready, or the one-line reason why not. */
export interface Readiness {
  readonly ready: boolean;
  readonly reason: string;
}

/**
 * What `serve` knows of its own health: the last cycle's outcome and the last success. Ready
 * when the last cycle succeeded and the last success is younger than `maxCycleAgeMs`, by the
 * clock given (so tests need not wait).
 */
export class ServiceHealth {
  #last: CycleOutcome | undefined;
  #lastSuccess: number | undefined;
  #cycles = 0;

  constructor(private readonly maxCycleAgeMs: number) {}

  /** Cycles finished so far, with or without success. */
  get cycles(): number {
    return this.#cycles;
  }

  record(outcome: CycleOutcome): void {
    this.#cycles += 1;
    this.#last = outcome;
    if (outcome.ok) this.#lastSuccess = outcome.at;
  }

  readiness(now: number): Readiness {
    const last = this.#last;
    if (!last) return { ready: false, reason: 'no cycle has finished yet' };
    if (!last.ok) return { ready: false, reason: `the last cycle failed: ${last.reason}` };
    const age = now - (this.#lastSuccess ?? last.at);
    if (age > this.maxCycleAgeMs) return { ready: false, reason: `no cycle has succeeded for ${Math.round(age / 60_000)} minutes (alerts.maxCycleAgeMinutes is ${Math.round(this.maxCycleAgeMs / 60_000)})` };
    const s = last.stats;
    return { ready: true, reason: `last cycle ${new Date(last.at).toISOString()}: ${s.touched} touched, ${s.sent} sent, ${s.errors} errors${s.held.length ? `, held for ${s.held.join(', ')}` : ''}` };
  }
}
