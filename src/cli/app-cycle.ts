import { SchemaError } from '../core/errors.js';
import type { ProgressSink } from '../core/progress.js';
import { createDocumentHasher, type DocumentHasher } from '../payload/canonical-hash.js';
import type { CycleStats } from '../pipeline/cycle-stats.js';
import { guardsFromConfig } from '../pipeline/guards-from-config.js';
import { runCycle } from '../pipeline/run-cycle.js';
import type { AnswerObserver } from '../submit/answer-observer.js';
import type { BatchPoster } from '../submit/batch-poster.js';
import { submitSettingsFromConfig } from '../submit/submit-policy.js';
import { longestPostMs } from '../config/lease-check.js';
import { requireSsdTables, type AppContext } from './app-context.js';
import { requireCurrentTables, stagingCounts } from './initialised-app.js';
import { simulatorSubmitSettings } from './simulated-poster.js';

/** Fails, naming the tables and the fix, unless capture is installed on every SSD table a stream reads. */
export async function requireCapture(app: AppContext): Promise<void> {
  const installed = new Set(await app.source.capture.installed(app.streams));
  const missing = app.streams.map((s) => s.table).filter((t) => !installed.has(t));
  if (missing.length > 0) throw new SchemaError(`change capture is not installed on ${missing.join(', ')}: run \`ssd-delta init\` first (same database options)`, 'CAPTURE_MISSING');
}

/**
 * What a database must be before cycles run on it (`run`, `serve`): ssd-delta's tables made by
 * `init` and current (a scheduled cycle never changes them), the SSD tables there, capture on them.
 */
export async function requireReadyForCycles(app: AppContext): Promise<void> {
  await stagingCounts(app);
  await requireCurrentTables(app);
  await requireSsdTables(app);
  await requireCapture(app);
}

/** How a command runs its cycles: where it sends, and (a service) when it must stop claiming. */
export interface CycleOptions {
  readonly poster: BatchPoster;
  /** The built-in simulated API: its shorter retry waits. */
  readonly simulated: boolean;
  /** One hasher for every cycle of a process (made once: a WebAssembly instance). */
  readonly hasher?: DocumentHasher;
  readonly stopClaiming?: () => boolean;
  /** Why this cycle sends nothing at all (outside schedule.send), kept with its other reasons for `status`. */
  readonly closed?: string;
  /** Told of each POST's answer once recorded (`serve`'s metrics). */
  readonly onAnswer?: AnswerObserver;
  /** Told how many touched children have been rebuilt (a terminal's bar); a log line every 10 s when absent. */
  readonly progress?: ProgressSink;
}

/** One cycle (capture, mark, submit) with the app's configuration. */
export async function appCycle(app: AppContext, options: CycleOptions): Promise<CycleStats> {
  const configured = submitSettingsFromConfig(app.config.submit);
  const submit = { ...(options.simulated ? simulatorSubmitSettings(app.config, configured) : configured), longestPostMs: longestPostMs(app.config.api.timeoutMs), ...(options.stopClaiming ? { stopClaiming: options.stopClaiming } : {}), ...(options.closed ? { closed: options.closed } : {}), ...(options.onAnswer ? { onAnswer: options.onAnswer } : {}) };
  return runCycle({
    source: app.source, streams: app.streams, hasher: options.hasher ?? (await createDocumentHasher()), clock: app.clock, settings: app.settings, poster: options.poster,
    logger: app.logger, chunkSize: app.config.capture.chunkSize, submit, payload: app.config.payload,
    guards: guardsFromConfig(app.config.capture),
    ...(options.progress ? { progress: options.progress } : {}),
  });
}
