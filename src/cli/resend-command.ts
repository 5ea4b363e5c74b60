import { Command } from 'commander';
import { ConfigError } from '../core/errors.js';
import { addCommonOptions } from './common-options.js';
import { withInitialisedApp } from './initialised-app.js';

/**
 * `ssd-delta resend`: puts children in `error` back to `pending`, forgetting their failed
 * attempts, so the next `run` sends them again (a child refused submit.maxAttempts times is
 * not retried automatically).
 */
export function resendCommand(): Command {
  const command = new Command('resend')
    .description('put children in error back to pending (their failed attempts forgotten) so the next run sends them')
    .option('--person <id...>', 'these children (pers_person_id); repeat or list several')
    .option('--status <status>', 'every child with this status; only "error" is allowed')
    .action(async (options: Record<string, unknown>) => {
      const people = (options.person as string[] | undefined) ?? [];
      if (options.status !== undefined && options.status !== 'error') throw new ConfigError(`--status ${String(options.status)}: only --status error can be resent`);
      if (people.length === 0 && options.status === undefined) throw new ConfigError('say which children: --person ID (one or more) or --status error (all in error)');
      await withInitialisedApp(options, async (app) => {
        const back = await app.source.submissions.resend(people, options.status === 'error');
        const missed = people.filter((id) => !back.includes(id));
        process.stdout.write(`${back.length} children put back to pending; the next run sends them\n`);
        if (missed.length > 0) process.stdout.write(`not in error (left as they are): ${missed.join(', ')}\n`);
      });
    });
  return addCommonOptions(command, true);
}
