import { Command } from 'commander';
import { simulateChanges } from '../simulate/change-simulator.js';
import { addCommonOptions, addFlags, configFlags, positiveNumber, wholeNumber } from './common-options.js';
import { openApp, requireSsdTables } from './app-context.js';
import { SYNTHETIC_FLAGS } from './seed-command.js';
import { ssdWriterOf } from '../source/ssd-writer.js';

/** `ssd-delta simulate`: rounds of realistic changes to a seeded SSD. */
export function simulateCommand(): Command {
  const command = new Command('simulate')
    .description('make rounds of realistic inserts, updates and deletes in a seeded SSD (demo, tests, benchmarks)')
    .option('--rounds <n>', 'rounds of changes to make', wholeNumber(1, 10000), 1)
    .option('--round <n>', 'number of the first round; new ids include it, so never reuse a round on one database', wholeNumber(0, 99999), 1)
    .option('--scale <x>', 'multiplier of changed rows per round (1: about 20 rows)', positiveNumber, 1)
    .action(async (options: Record<string, unknown>) => {
      const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options, SYNTHETIC_FLAGS), mustExist: true });
      try {
        await requireSsdTables(app);
        const first = Number(options.round);
        const rounds = Number(options.rounds);
        for (let round = first; round < first + rounds; round += 1) {
          const summary = await simulateChanges(ssdWriterOf(app.source), { seed: app.config.demo.seed, round, today: app.clock.today(), scale: Number(options.scale) });
          process.stdout.write(`round ${round}:\n`);
          for (const op of summary.operations) process.stdout.write(`  ${op.op.padEnd(6)} ${op.table.padEnd(28)} ${String(op.rows).padStart(5)}  ${op.note}\n`);
        }
        process.stdout.write(`next time use --round ${first + rounds}\n`);
      } finally {
        await app.source.close();
      }
    });
  return addFlags(addCommonOptions(command, true), SYNTHETIC_FLAGS);
}
