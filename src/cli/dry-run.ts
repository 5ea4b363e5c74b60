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
  finish: (app: AppContext, installed: boolean, oneSnapshot: boolean) => void,
  flags: FlagMap = DRY_RUN_FLAGS,
): Promise<void> {
  const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options, flags), mustExist: true });
  try {
    await requireSsdTables(app);
    const installed = await app.source.schema.installed();
    // A warning, not news: where database.schema names the wrong schema (a reader's own
    // search_path, say), ssd-delta may be installed elsewhere and what was sent is not seen.
    if (!installed) app.logger.warn({ database: app.source.description }, notInstalled(app));
    const bar = progressDisplay('building children', app.logger);
    const deps = { source: app.source, streams: app.streams, hasher: await createDocumentHasher(), clock: app.clock, settings: app.settings, chunkSize: app.config.capture.chunkSize, progress: bar.sink, ssdOnly: !installed };
    const { oneSnapshot } = await dryBuild(deps, (children) => onChunk(children, app, installed)).finally(() => bar.stop());
    if (!oneSnapshot) app.logger.warn({ database: app.source.description }, NOT_ONE_SNAPSHOT);
    finish(app, installed, oneSnapshot);
  } finally {
    await app.source.close();
  }
}

/** What `validate` and `export` say when the database gave them no snapshot (SQL Server before `init`); their JSON says `oneSnapshot: false`. */
export const NOT_ONE_SNAPSHOT =
  'this database does not allow snapshot isolation (`init` turns it on), so the SSD was read table by table under READ COMMITTED: if a load was running meanwhile, a child may have been built from some tables before it and some after (and, without READ_COMMITTED_SNAPSHOT, from rows a load moved while they were read). Run it again outside the load window to be sure';

/** What `validate` and `export` say when they find no staging table of ssd-delta's. */
export function notInstalled(app: AppContext): string {
  const { schema, stagingTable } = app.source.placement;
  return `ssd-delta is not installed in ${schema} (no staging table ${stagingTable} of its own there, or none this login may see): read the SSD alone, wrote nothing, and counted every child as never sent; if it is installed in another schema, set database.schema (--schema)`;
}
