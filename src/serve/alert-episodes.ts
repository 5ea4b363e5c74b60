/** The conditions `serve` alerts on. */
export const ALERT_KINDS = ['cycle-age', 'pending-age', 'breaker', 'capture-missing', 'guard', 'history-expiry', 'rebaseline', 'open-write'] as const;
/** One condition. */
export type AlertKind = (typeof ALERT_KINDS)[number];

/** An episode starting (`firing`) or ending (`resolved`). */
export interface AlertChange {
  readonly kind: AlertKind;
  readonly state: 'firing' | 'resolved';
  /** What is wrong (firing), or what was wrong (resolved). ssd-delta's own words: no row value, no personal data. */
  readonly message: string;
  /** When the episode started (ms since the epoch). */
  readonly since: number;
}

/**
 * Which alert conditions hold, as episodes: a condition that starts to hold fires once, however
 * many cycles it lasts, and resolves once when it stops. Each reading names the conditions it
 * could judge; the others keep their state (a cycle that could not reach the database says
 * nothing about how long children have waited).
 */
export class AlertEpisodes {
  readonly #open = new Map<AlertKind, { readonly message: string; readonly since: number }>();
  /** Clear readings in a row for each open kind. */
  readonly #clear = new Map<AlertKind, number>();

  /**
   * `resolveAfter`: how many clear readings in a row end an episode of a kind (default 1). An
   * API that fails one cycle in two would otherwise raise and resolve the breaker every cycle.
   */
  constructor(private readonly resolveAfter: Partial<Record<AlertKind, number>> = {}) {}

  /** The conditions holding now, with their messages. */
  get active(): ReadonlyMap<AlertKind, { readonly message: string; readonly since: number }> {
    return this.#open;
  }

  /**
   * Takes one reading: for each kind judged, the message when it holds or null when it does not.
   * Returns the episodes that started or ended.
   */
  judge(now: number, reading: Partial<Record<AlertKind, string | null>>): AlertChange[] {
    const changes: AlertChange[] = [];
    for (const kind of ALERT_KINDS) {
      if (!(kind in reading)) continue;
      const message = reading[kind] ?? null;
      const open = this.#open.get(kind);
      if (message !== null) {
        this.#clear.delete(kind);
        if (open) continue;
        this.#open.set(kind, { message, since: now });
        changes.push({ kind, state: 'firing', message, since: now });
      } else if (open) {
        const clear = (this.#clear.get(kind) ?? 0) + 1;
        if (clear < (this.resolveAfter[kind] ?? 1)) {
          this.#clear.set(kind, clear);
          continue;
        }
        this.#clear.delete(kind);
        this.#open.delete(kind);
        changes.push({ kind, state: 'resolved', message: open.message, since: open.since });
      }
    }
    return changes;
  }
}
