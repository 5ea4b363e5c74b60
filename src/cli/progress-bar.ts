import { Presets, SingleBar } from 'cli-progress';
import { loggedProgress, type ProgressSink } from '../core/progress.js';
import type { Logger } from '../core/logger.js';

/** A progress display for one piece of long work, and how to end it. */
export interface ProgressDisplay {
  readonly sink: ProgressSink;
  /** Ends the bar (a terminal's line is left as it stands). */
  stop(): void;
}

/**
 * On a terminal (stderr a TTY), a bar with the counts, the rate and the time left (cli-progress,
 * drawn on stderr so stdout stays the command's output); otherwise a log line every 5 s.
 */
export function progressDisplay(label: string, logger: Logger, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (!stream.isTTY) return { sink: loggedProgress(logger, label, 5_000), stop: () => undefined };
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} | {rate}/s | {eta_formatted} left`, stream, hideCursor: true, etaBuffer: 20, fps: 5 }, Presets.shades_classic);
  let started = 0;
  let first = 0;
  let running = false;
  return {
    sink(done, total) {
      // The rate counts from the first step reported, not from the work before it (capture, a refresh).
      if (!running) [started, first] = [performance.now(), done];
      const elapsed = (performance.now() - started) / 1000;
      const rate = elapsed > 0 ? Math.round((done - first) / elapsed) : 0;
      if (!running) {
        bar.start(total, done, { rate });
        running = true;
      }
      bar.setTotal(total);
      bar.update(done, { rate });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
