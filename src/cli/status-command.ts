import { Command } from 'commander';
import { addCommonOptions, configFlags } from './common-options.js';
import { openApp } from './app-context.js';

/** `ssd-delta status`: staging rows by row_state x submission_status. */
export function statusCommand(): Command {
  const command = new Command('status')
    .description('count staging rows by row_state and submission_status')
    .option('--json', 'print JSON for scripts')
    .action(async (options: Record<string, unknown>) => {
      const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options) });
      try {
        await app.source.schema.migrate();
        const counts = await app.source.staging.statusCounts();
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ database: app.source.description, counts })}\n`);
          return;
        }
        process.stdout.write(`database: ${app.source.description}\n`);
        if (counts.length === 0) process.stdout.write('no staging rows yet: run `ssd-delta run`\n');
        for (const c of counts) process.stdout.write(`${c.rowState.padEnd(10)} ${c.submissionStatus.padEnd(8)} ${String(c.count).padStart(8)}\n`);
      } finally {
        await app.source.close();
      }
    });
  return addCommonOptions(command, true);
}
