import { Command } from 'commander';
import { addCommonOptions } from './common-options.js';
import { withInitialisedApp } from './initialised-app.js';

/** `ssd-delta history --person ID`: every POST that carried the child, from the attempt log. */
export function historyCommand(): Command {
  const command = new Command('history')
    .description("show a child's submissions: every POST that carried it, its answer and receipt (reads only)")
    .requiredOption('--person <id>', 'the child (pers_person_id)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: Record<string, unknown>) => {
      const personId = String(options.person);
      await withInitialisedApp(options, async (app) => {
        const attempts = await app.source.submissions.history(personId);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ personId, attempts })}\n`);
          return;
        }
        if (attempts.length === 0) process.stdout.write(`no submission of ${personId} yet\n`);
        for (const a of attempts) {
          const answer = a.httpStatus === null ? 'no answer' : `HTTP ${a.httpStatus}`;
          const receipt = a.receipt ? ` receipt ${a.receipt}` : a.responseExcerpt ? ` (${a.responseExcerpt.replace(/\s+/g, ' ').slice(0, 120)})` : '';
          process.stdout.write(`${a.attemptedAt}  ${a.outcome.padEnd(8)} ${answer.padEnd(9)} batch ${a.batchId} of ${a.childCount}, ${a.durationMs} ms${receipt}\n`);
        }
      });
    });
  return addCommonOptions(command, true);
}
