import { createTask, parse } from 'node-cron';

/** Seconds (ms) since the epoch of a time zone's wall clock at `instant`, read as if it were UTC. */
function wallClock(instant: number, format: Intl.DateTimeFormat): number {
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour) % 24; // some engines write midnight as 24
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hour, Number(parts.minute), Number(parts.second));
}

/**
 * True when the cron expression names fixed times of day: neither its minute nor its hour field
 * holds a `*` (as `0 30 6 * * *` does and `0 * * * * *` or `*\/10 * * * * *` do not). Cron
 * treats the two apart across the clock changes (Vixie cron's rule, kept here).
 */
export function namesFixedTimes(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  const [minute, hour] = fields.length >= 6 ? [fields[1], fields[2]] : [fields[0], fields[1]];
  return !(minute ?? '*').includes('*') && !(hour ?? '*').includes('*');
}

/**
 * When a schedule's ticks fall, across the clock changes of its time zone, with node-cron's
 * parser and matcher and the clock given (so a test walks a whole night of a clock change in
 * no time). Cron's rule: a schedule of fixed times (`0 30 1 * * *`) keeps the wall clock, so a
 * time the clocks skip in spring runs at the first second after the jump, and a time that comes
 * twice in autumn runs once; any other schedule (`0 * * * * *`, every 10 s) follows real time,
 * so it never stops for the hour the clocks repeat and has nothing to catch up in spring.
 */
export class ScheduleTicks {
  readonly #real: ReturnType<typeof createTask>;
  readonly #wall: ReturnType<typeof createTask> | null;
  readonly #format: Intl.DateTimeFormat;
  /** The expression's seconds, minutes and hours: a cheap first look before node-cron's matcher (which formats dates). */
  readonly #seconds: ReadonlySet<number>;
  readonly #minutes: ReadonlySet<number>;
  readonly #hours: ReadonlySet<number>;
  /** The zone's offset (wall clock minus real time), read again at each whole minute: clocks change on whole minutes. */
  #offset: { readonly minute: number; readonly ms: number } | null = null;
  /** The last second looked at, and the latest wall-clock second seen (fixed times only). */
  #last: number;
  #lastWall: number;

  constructor(expression: string, timezone: string, from: number) {
    this.#real = createTask(expression, () => undefined, { timezone });
    // Wall-clock seconds are matched as UTC instants: a skipped time has no instant in the zone itself.
    this.#wall = namesFixedTimes(expression) ? createTask(expression, () => undefined, { timezone: 'Etc/UTC' }) : null;
    this.#format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const fields = parse(expression);
    [this.#seconds, this.#minutes, this.#hours] = [new Set(fields.second), new Set(fields.minute), new Set(fields.hour)];
    this.#last = Math.floor(from / 1000) * 1000;
    this.#lastWall = this.#wallAt(this.#last);
  }

  /** The seconds after the last one looked at, up to `now`, at which the schedule ticks (oldest first). */
  until(now: number): number[] {
    const ticks: number[] = [];
    const end = Math.floor(now / 1000) * 1000;
    for (let second = this.#last + 1000; second <= end; second += 1000) {
      if (this.#due(second)) ticks.push(second);
    }
    this.#last = Math.max(this.#last, end);
    return ticks;
  }

  /** Forgets the matchers (node-cron keeps every task it made in a registry until destroyed). */
  async dispose(): Promise<void> {
    await this.#real.destroy();
    await this.#wall?.destroy();
  }

  #due(second: number): boolean {
    if (!this.#wall) return this.#seconds.has(new Date(second).getUTCSeconds()) && this.#real.match(new Date(second));
    const wall = this.#wallAt(second);
    if (wall <= this.#lastWall) return false; // the hour the clocks repeat: its times have run once already
    let due = false;
    // Normally one wall second; after the spring jump, the hour that never came as well.
    for (let w = this.#lastWall + 1000; w <= wall && !due; w += 1000) due = this.#namesWall(w) && this.#wall.match(new Date(w));
    this.#lastWall = wall;
    return due;
  }

  /** The cheap first look: the wall second's second, minute and hour are in the expression. */
  #namesWall(wall: number): boolean {
    const at = new Date(wall);
    return this.#seconds.has(at.getUTCSeconds()) && this.#minutes.has(at.getUTCMinutes()) && this.#hours.has(at.getUTCHours());
  }

  /** The wall clock at a real second, as ms read as UTC. */
  #wallAt(second: number): number {
    const minute = Math.floor(second / 60_000);
    if (this.#offset?.minute !== minute) this.#offset = { minute, ms: wallClock(minute * 60_000, this.#format) - minute * 60_000 };
    return second + this.#offset.ms;
  }
}

/**
 * A window given as a cron expression (`schedule.send`): open at the seconds it matches, in
 * `timezone` (node-cron's matcher; a window is read by the wall clock at each moment).
 */
export function cronWindow(expression: string, timezone: string): { isOpen(at: number): boolean; dispose(): Promise<void> } {
  const task = createTask(expression, () => undefined, { timezone });
  return { isOpen: (at) => task.match(new Date(Math.floor(at / 1000) * 1000)), dispose: async () => void (await task.destroy()) };
}
