import { createDocumentHasher } from '../payload/canonical-hash.js';
import { dryBuild, type DryChild } from '../pipeline/dry-build.js';
import { configFlags, type FlagMap } from './common-options.js';
import { openApp, requireSsdTables, type AppContext } from './app-context.js';
import { progressDisplay } from './progress-bar.js';

/** Flags of the dry-run commands (validate, export). */
export const DRY_RUN_FLAGS: FlagMap = [{ flag: '--as-of <date>', key: 'payload.asOf', help: 'treat this YYYY-MM-DD as today (payload.asOf)' }];

/**
 * What `validate` and `export` share: open an existing database, rebuild every child without
 * writing (pipeline/dry-build.ts), hand each chunk to `onChunk`, then `finish`. Where `init`
 * has not run, nothing of ssd-delta's is there and nothing is created: every child is built
 * from the SSD alone, as the first run would send it (`installed` false), so an LA can check its
 * SSD with a login that may only read it before anything is installed.
 */
export async function runDryBuild(
  options: Record<string, unknown>,
  onChunk: (children: readonly DryChild[], app: AppContext, installed: boolean) => Promise<void> | void,
  finish: (app: AppContext) => void,
  flags: FlagMap = DRY_RUN_FLAGS,
): Promise<void> {
  const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options, flags), mustExist: true });
  try {
    await requireSsdTables(app);
    const installed = await app.source.schema.installed();
    if (!installed) {
      app.logger.info({ database: app.source.description }, `ssd-delta is not installed in this database (no ${app.source.placement.schema}.${app.source.placement.stagingTable}): reading the SSD alone, writing nothing; every child is shown as the first run would send it`);
    }
    const bar = progressDisplay('building children', app.logger);
    const deps = { source: app.source, streams: app.streams, hasher: await createDocumentHasher(), clock: app.clock, settings: app.settings, chunkSize: app.config.capture.chunkSize, progress: bar.sink, ssdOnly: !installed };
    await dryBuild(deps, (children) => onChunk(children, app, installed)).finally(() => bar.stop());
    finish(app);
  } finally {
    await app.source.close();
  }
}
