import { schedule } from 'node-cron';
import type { Logger } from '../core/logger.js';

/** Cycles started on a schedule; see {@link startCycleLoop}. */
export interface CycleLoop {
  /** Starts no more cycles, and resolves once the cycle in hand (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `cycle` at every tick of the cron `expression` (with seconds) in `timezone`. A tick that
 * comes while the last cycle still runs is skipped with one log line, never stacked: a slow
 * cycle (a first baseline, a slow API) is followed by the next tick after it ends. `cycle` must
 * not throw (it records its own failure).
 */
export function startCycleLoop(options: { readonly expression: string; readonly timezone: string; readonly cycle: () => Promise<void>; readonly logger: Logger }): CycleLoop {
  const { logger } = options;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    if (running) {
      logger.warn('a tick came while the last cycle was still running: skipped (schedule.cycle is shorter than a cycle)');
      return;
    }
    running = Promise.resolve()
      .then(options.cycle)
      .catch((error: unknown) => logger.error({ error: String(error) }, 'a cycle failed outside its own handling'))
      .finally(() => (running = undefined));
  };
  const task = schedule(options.expression, tick, {
    timezone: options.timezone,
    name: 'ssd-delta cycle',
    // node-cron's own lines go to ssd-delta's log.
    logger: {
      info: (message) => logger.debug(message),
      // A missed tick (the event loop blocked, the machine suspended) is worth an operator's eye.
      warn: (message) => logger.warn(message),
      error: (message) => logger.warn(String(message)),
      debug: (message) => logger.debug(String(message)),
    },
  });
  return {
    async stop() {
      stopped = true;
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
