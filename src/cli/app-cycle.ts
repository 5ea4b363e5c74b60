import { SchemaError } from '../core/errors.js';
import { createDocumentHasher } from '../payload/canonical-hash.js';
import type { CycleStats } from '../pipeline/cycle-stats.js';
import { guardsFromConfig } from '../pipeline/guards-from-config.js';
import { runCycle } from '../pipeline/run-cycle.js';
import type { BatchPoster } from '../submit/batch-poster.js';
import { submitSettingsFromConfig } from '../submit/submit-policy.js';
import { requireSsdTables, type AppContext } from './app-context.js';
import { requireCurrentTables, stagingCounts } from './initialised-app.js';
import { simulatorSubmitSettings } from './simulated-poster.js';

/** Fails, naming the tables and the fix, unless capture is installed on every SSD table a stream reads. */
export async function requireCapture(app: AppContext): Promise<void> {
  const installed = new Set(await app.source.capture.installed(app.streams));
  const missing = app.streams.map((s) => s.table).filter((t) => !installed.has(t));
  if (missing.length > 0) throw new SchemaError(`change capture is not installed on ${missing.join(', ')}: run \`ssd-delta init\` first (same database options)`);
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

/** One cycle (capture, mark, submit) with the app's configuration, sending through `poster`. */
export async function appCycle(app: AppContext, poster: BatchPoster, simulated: boolean): Promise<CycleStats> {
  const submit = submitSettingsFromConfig(app.config.submit);
  return runCycle({
    source: app.source, streams: app.streams, hasher: await createDocumentHasher(), clock: app.clock, settings: app.settings,
    logger: app.logger, chunkSize: app.config.capture.chunkSize, poster, submit: simulated ? simulatorSubmitSettings(app.config, submit) : submit, payload: app.config.payload,
    guards: guardsFromConfig(app.config.capture),
  });
}
