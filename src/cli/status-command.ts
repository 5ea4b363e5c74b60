import { Command } from 'commander';
import { addCommonOptions, configFlags } from './common-options.js';
import { openApp } from './app-context.js';
import { stagingCounts } from './initialised-app.js';
import { readStatusWaits, statusWaitLines } from './status-waits.js';
import { openWritesStatus } from './open-writes-report.js';

/**
 * `ssd-delta status`: staging rows by row_state x submission_status, the last send, and why
 * children wait (leases to a running or an ended run, tables held for a load, the last cycle's
 * reasons).
 */
export function statusCommand(): Command {
  const command = new Command('status')
    .description('count staging rows by row_state and submission_status, and say why children wait to be sent (reads only; never creates tables)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: Record<string, unknown>) => {
      const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options), mustExist: true });
      try {
        const counts = await stagingCounts(app);
        const lastSend = await app.source.submissions.lastRun();
        // Tables an older version left (init not yet run for this one) lack what the reasons are read from.
        const older = await app.source.schema.pending();
        const waits = older.length === 0 ? await readStatusWaits(app) : null;
        // Writes not yet committed, which no cycle can read: capture held back by them.
        const { openWrites, lines: captureLines } = await openWritesStatus(app);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ database: app.source.description, counts, lastSend, waits, openWrites })}\n`);
          return;
        }
        process.stdout.write(`database: ${app.source.description}\n`);
        if (counts.length === 0) process.stdout.write('no staging rows yet: run `ssd-delta run`\n');
        for (const c of counts) process.stdout.write(`${c.rowState.padEnd(10)} ${c.submissionStatus.padEnd(8)} ${String(c.count).padStart(8)}\n`);
        if (lastSend) {
          process.stdout.write(`last send ${lastSend.finishedAt}: ${lastSend.sent} sent, ${lastSend.errors} refused, ${lastSend.released} not taken (pending again)\n`);
          if (lastSend.stopped) process.stdout.write(`it stopped early: ${lastSend.stopped}\n`);
        }
        if (waits === null) process.stdout.write(`why children wait is not known: ssd-delta's tables are older than this version (not yet applied: ${older.join(', ')}); run \`ssd-delta init\`\n`);
        const lines = [...(waits === null ? [] : statusWaitLines(waits)), ...captureLines];
        if (lines.length > 0) process.stdout.write(`why children wait:\n${lines.map((l) => `  - ${l}\n`).join('')}`);
      } finally {
        await app.source.close();
      }
    });
  return addCommonOptions(command, true);
}
