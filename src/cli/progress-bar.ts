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
  const started = performance.now();
  let running = false;
  return {
    sink(done, total) {
      const rate = Math.round(done / Math.max(0.001, (performance.now() - started) / 1000));
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
