import { realAfter, type After } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { ScheduleTicks } from './schedule-ticks.js';

/** Cycles started on a schedule; see {@link startCycleLoop}. */
export interface CycleLoop {
  /** Starts no more cycles, and resolves once the cycle in hand (if any) has finished. */
  stop(): Promise<void>;
}

/** The clock the loop reads and waits on: the real one unless a test gives its own. */
export interface LoopClock {
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  after: After;
}

const realClock: LoopClock = { now: () => Date.now(), after: realAfter };

/**
 * Runs `cycle` at every tick of the cron `expression` (with seconds) in `timezone`, across the
 * clock changes as cron does (see {@link ScheduleTicks}). It looks once a second; ticks missed
 * while the process was busy or the machine suspended give one cycle, with one log line. Ticks
 * that come while the last cycle still runs are skipped, never stacked: a slow cycle (a first
 * baseline, a slow API) is followed by the next tick after it ends. The first skip is said at
 * once, and how many were skipped when the cycle ends (not a line per tick: a 1 s schedule under
 * a 20-minute baseline would log 1,200). `cycle` must not throw (it records its own failure).
 */
export function startCycleLoop(options: { readonly expression: string; readonly timezone: string; readonly cycle: () => Promise<void>; readonly logger: Logger; readonly clock?: LoopClock }): CycleLoop {
  const { logger } = options;
  const clock = options.clock ?? realClock;
  const ticks = new ScheduleTicks(options.expression, options.timezone, clock.now());
  let running: Promise<void> | undefined;
  let skipped = 0;
  let stopped = false;
  let cancel: () => void = () => undefined;
  const tick = (): void => {
    if (running) {
      skipped += 1;
      if (skipped === 1) logger.warn('a tick came while the last cycle was still running: skipped, as are the next until it ends (schedule.cycle is shorter than a cycle)');
      return;
    }
    running = Promise.resolve()
      .then(options.cycle)
      .catch((error: unknown) => logger.error({ error: String(error) }, 'a cycle failed outside its own handling'))
      .finally(() => {
        if (skipped > 1) logger.warn({ skipped }, `${skipped} ticks of schedule.cycle were skipped while that cycle ran`);
        skipped = 0;
        running = undefined;
      });
  };
  const look = (): void => {
    if (stopped) return;
    const due = ticks.until(clock.now());
    if (due.length > 1) logger.warn({ missed: due.length - 1 }, `${due.length - 1} ticks of schedule.cycle were missed (the process was busy or the machine suspended): one cycle for them`);
    if (due.length > 0) tick();
    // Just after the next whole second, when a tick can fall.
    cancel = clock.after(1005 - (clock.now() % 1000), look);
  };
  cancel = clock.after(1005 - (clock.now() % 1000), look);
  return {
    async stop() {
      stopped = true;
      cancel();
      await ticks.dispose();
      await running;
    },
  };
}
