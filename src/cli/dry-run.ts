import { createDocumentHasher } from '../payload/canonical-hash.js';
import { dryBuild, type DryChild } from '../pipeline/dry-build.js';
import { configFlags, type FlagMap } from './common-options.js';
import { openApp, requireSsdTables, type AppContext } from './app-context.js';
import { stagingCounts } from './initialised-app.js';
import { progressDisplay } from './progress-bar.js';

/** Flags of the dry-run commands (validate, export). */
export const DRY_RUN_FLAGS: FlagMap = [{ flag: '--as-of <date>', key: 'payload.asOf', help: 'treat this YYYY-MM-DD as today (payload.asOf)' }];

/**
 * What `validate` and `export` share: open an existing, initialised database, rebuild every
 * child without writing (pipeline/dry-build.ts), hand each chunk to `onChunk`, then `finish`.
 */
export async function runDryBuild(
  options: Record<string, unknown>,
  onChunk: (children: readonly DryChild[], app: AppContext) => Promise<void> | void,
  finish: (app: AppContext) => void,
  flags: FlagMap = DRY_RUN_FLAGS,
): Promise<void> {
  const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options, flags), mustExist: true });
  try {
    await requireSsdTables(app);
    await stagingCounts(app); // says `run ssd-delta init first` when it has not run
    const bar = progressDisplay('building children', app.logger);
    const deps = { source: app.source, streams: app.streams, hasher: await createDocumentHasher(), clock: app.clock, settings: app.settings, chunkSize: app.config.capture.chunkSize, progress: bar.sink };
    await dryBuild(deps, (children) => onChunk(children, app)).finally(() => bar.stop());
    finish(app);
  } finally {
    await app.source.close();
  }
}
