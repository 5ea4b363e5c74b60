import { Command } from 'commander';
import { addCommonOptions, configFlags } from './common-options.js';
import { openApp } from './app-context.js';
import { stagingCounts } from './initialised-app.js';
import { openWritesStatus } from './open-writes-report.js';

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
        const { openWrites, lines } = await openWritesStatus(app);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ database: app.source.description, counts, lastSend, openWrites })}\n`);
          return;
        }
        process.stdout.write(`database: ${app.source.description}\n`);
        if (counts.length === 0) process.stdout.write('no staging rows yet: run `ssd-delta run`\n');
        for (const c of counts) process.stdout.write(`${c.rowState.padEnd(10)} ${c.submissionStatus.padEnd(8)} ${String(c.count).padStart(8)}\n`);
        if (lastSend) {
          process.stdout.write(`last send ${lastSend.finishedAt}: ${lastSend.sent} sent, ${lastSend.errors} refused, ${lastSend.released} not taken (pending again)\n`);
          if (lastSend.stopped) process.stdout.write(`it stopped early: ${lastSend.stopped}\n`);
        }
        for (const line of lines) process.stdout.write(`${line}\n`);
      } finally {
        await app.source.close();
      }
    });
  return addCommonOptions(command, true);
}
