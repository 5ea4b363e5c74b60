/** The conditions `serve` alerts on. */
export const ALERT_KINDS = ['cycle-age', 'pending-age', 'breaker', 'capture-missing', 'guard'] as const;
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
      if (message !== null && !open) {
        this.#open.set(kind, { message, since: now });
        changes.push({ kind, state: 'firing', message, since: now });
      } else if (message === null && open) {
        this.#open.delete(kind);
        changes.push({ kind, state: 'resolved', message: open.message, since: open.since });
      }
    }
    return changes;
  }
}
