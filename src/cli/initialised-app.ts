import { SchemaError } from '../core/errors.js';
import type { Source } from '../source/source.js';
import { openApp, type AppContext } from './app-context.js';
import { configFlags, type FlagMap } from './common-options.js';

/** Postgres SQLSTATE for a table that does not exist (pg and PGlite both expose it as `.code`). */
const UNDEFINED_TABLE = '42P01';

type StatusCounts = Awaited<ReturnType<Source['staging']['statusCounts']>>;

/**
 * Staging rows by row_state x submission_status. `status` only looks: on a database where
 * `init` never ran it says so instead of creating ssd-delta's tables.
 */
export async function stagingCounts(app: AppContext): Promise<StatusCounts> {
  try {
    return await app.source.staging.statusCounts();
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNDEFINED_TABLE) throw error;
    throw new SchemaError(`no ssd-delta tables in ${app.source.description}: run \`ssd-delta init\` first`);
  }
}

/**
 * Stops a command that would use ssd-delta's tables as an older version left them: this version's
 * SQL expects every shipped migration (SQL Server: binary row keys, or every write fails). Only
 * `init` migrates: an upgrade is DDL the DBA may want to run, and may take longer than a request.
 */
export async function requireCurrentTables(app: AppContext): Promise<void> {
  const pending = await app.source.schema.pending();
  if (pending.length === 0) return;
  throw new SchemaError(`ssd-delta's tables in ${app.source.description} are older than this version (not yet applied: ${pending.join(', ')}): stop ssd-delta's scheduled tasks, run \`ssd-delta init\` (or the DBA runs the script \`ssd-delta init --print-sql\` prints), then start them again`);
}

/**
 * What the commands that read ssd-delta's tables share: open the configured database (never
 * creating one), stop with `run ssd-delta init first` when init never ran, run `use`, close.
 */
export async function withInitialisedApp<T>(options: Record<string, unknown>, use: (app: AppContext) => Promise<T>, flags: FlagMap = []): Promise<T> {
  const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options, flags), mustExist: true });
  try {
    await stagingCounts(app);
    await requireCurrentTables(app);
    return await use(app);
  } finally {
    await app.source.close();
  }
}
