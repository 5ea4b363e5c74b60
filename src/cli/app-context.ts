import { join } from 'node:path';
import { applyNaming, ssdNaming } from '../streams/ssd-naming.js';
import { loadStreamDefinitions, type StreamDefinition } from '../streams/stream-definition.js';
import type { Config } from '../config/config-schema.js';
import { loadConfigWithOrigins, PACKAGE_ROOT } from '../config/load-config.js';
import { systemClock, type Clock } from '../core/clock.js';
import { elsewhereAdvice } from '../source/ssd-check.js';
import { SchemaError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { readCohortFile } from '../config/read-cohort-file.js';
import { createBuildSettings, type BuildSettings } from '../payload/build-settings.js';
import { createSource, type EmbeddedDefault } from '../source/create-source.js';
import type { Source } from '../source/source.js';

/** What a command works with: validated config, logger, stream definitions, clock, code lookup and database. */
export interface AppContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly streams: readonly StreamDefinition[];
  readonly clock: Clock;
  /** The LA's code spellings (`payload.codes`) and cohort list (`payload.cohortFile`). */
  readonly settings: BuildSettings;
  readonly source: Source;
}

/** The embedded database's folder for commands other than `demo` when none is configured. */
export const DEFAULT_DATA_DIR = '.ssd-delta/db';

/**
 * Loads config (file <- env <- flags) and the stream definitions; no database yet. With
 * `quietLog` (the demo, whose output is its narrative and table) the log shows only warnings
 * unless log.level was set: an info line would land in the middle of the table when stdout and
 * stderr go to one file.
 */
export function loadApp(options: { configFile?: string | undefined; flags: Record<string, unknown>; serving?: boolean; quietLog?: boolean }): Omit<AppContext, 'source'> {
  const { config, origins } = loadConfigWithOrigins({ file: options.configFile, flags: options.flags, serving: options.serving ?? false });
  const level = options.quietLog && origins.get('log.level') === 'config/default.json' ? 'warn' : config.log.level;
  const logger = createLogger({ level, pretty: config.log.pretty ?? process.stderr.isTTY === true });
  const naming = ssdNaming(join(PACKAGE_ROOT, 'config', 'ssd-variants'), config.ssd.variant, { tables: config.ssd.tables ?? {}, columns: config.ssd.columns ?? {} });
  const streams = applyNaming(loadStreamDefinitions(join(PACKAGE_ROOT, 'streams')), naming);
  const cohort = config.payload.cohortFile === undefined ? null : readCohortFile(config.payload.cohortFile);
  const settings = createBuildSettings(config.payload.codes, cohort);
  return { config, logger, streams, clock: systemClock(config.payload.asOf), settings };
}

/** How a command opens its database. */
export interface OpenOptions {
  /** Embedded folder when none is configured (default {@link DEFAULT_DATA_DIR}). */
  embedded?: EmbeddedDefault;
  /** Fail (exit 2) instead of creating an embedded database that does not exist yet. */
  mustExist?: boolean;
}

/** Opens the database for an already loaded config (lets a command check more config first). */
export async function connectApp(app: Omit<AppContext, 'source'>, options: OpenOptions = {}): Promise<AppContext> {
  const source = await createSource(app.config, app.streams, { fallbackDataDir: options.embedded ?? DEFAULT_DATA_DIR, mustExist: options.mustExist ?? false });
  app.logger.debug({ database: source.description }, 'database open');
  return { ...app, source };
}

/** Loads config and opens the configured database for a command. */
export async function openApp(options: { configFile?: string | undefined; flags: Record<string, unknown>; quietLog?: boolean } & OpenOptions): Promise<AppContext> {
  return connectApp(loadApp(options), options);
}

/** Fails with one clear message when the LA's database lacks SSD tables or columns the streams read. */
export async function requireSsdTables(app: AppContext): Promise<void> {
  const check = await app.source.schema.checkSsd(app.streams);
  if (check.missingTables.length === 0 && check.missingColumns.length === 0) return;
  const parts: string[] = [];
  if (check.missingTables.length > 0) parts.push(`missing SSD tables: ${check.missingTables.join(', ')}`);
  if (check.missingColumns.length > 0) parts.push(`missing SSD columns: ${check.missingColumns.join(', ')}`);
  throw new SchemaError(`${app.source.description}: ${parts.join('; ')} (schema ${check.schema}).${elsewhereAdvice(check)} Load the SSD (your LA's SSD script, or \`ssd-delta seed\` for a demo) before running ssd-delta`);
}
