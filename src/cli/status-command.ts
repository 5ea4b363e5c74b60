import { Command } from 'commander';
import { SchemaError } from '../core/errors.js';
import type { Source } from '../source/source.js';
import { addCommonOptions, configFlags } from './common-options.js';
import { openApp, type AppContext } from './app-context.js';

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

/** `ssd-delta status`: staging rows by row_state x submission_status. */
export function statusCommand(): Command {
  const command = new Command('status')
    .description('count staging rows by row_state and submission_status (reads only; never creates tables)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: Record<string, unknown>) => {
      const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options), mustExist: true });
      try {
        const counts = await stagingCounts(app);
        const lastSend = await app.source.submissions.lastRun();
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ database: app.source.description, counts, lastSend })}\n`);
          return;
        }
        process.stdout.write(`database: ${app.source.description}\n`);
        if (counts.length === 0) process.stdout.write('no staging rows yet: run `ssd-delta run`\n');
        for (const c of counts) process.stdout.write(`${c.rowState.padEnd(10)} ${c.submissionStatus.padEnd(8)} ${String(c.count).padStart(8)}\n`);
        if (lastSend) {
          process.stdout.write(`last send ${lastSend.finishedAt}: ${lastSend.sent} sent, ${lastSend.errors} refused, ${lastSend.released} not taken (pending again)\n`);
          if (lastSend.stopped) process.stdout.write(`it stopped early: ${lastSend.stopped}\n`);
        }
      } finally {
        await app.source.close();
      }
    });
  return addCommonOptions(command, true);
}
