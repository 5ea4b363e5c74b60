import type { Logger } from './logger.js';

/** Told how far long work has got: `done` of `total` (children rebuilt, files written). */
export type ProgressSink = (done: number, total: number) => void;

/**
 * Progress as a log line at most every `everyMs` (and none for the last step: the work's own
 * summary says it): `{done, of, perSecond, secondsLeft}` with `message`. What a service or a
 * redirected output gets; a terminal gets a bar (cli/progress-bar.ts).
 */
export function loggedProgress(logger: Logger, message: string, everyMs: number, now: () => number = () => performance.now()): ProgressSink {
  const started = now();
  let last = started;
  return (done, total) => {
    const t = now();
    if (done >= total || t - last < everyMs) return;
    last = t;
    const perSecond = done / Math.max(0.001, (t - started) / 1000);
    logger.info({ done, of: total, perSecond: Math.round(perSecond), secondsLeft: Math.round((total - done) / Math.max(perSecond, 0.001)) }, message);
  };
}
