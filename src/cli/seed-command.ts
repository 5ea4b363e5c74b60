import { Command } from 'commander';
import { SsdDeltaError } from '../core/errors.js';
import { seedSsd, type SeedSummary } from '../simulate/seed-ssd.js';
import type { Source } from '../source/source.js';
import { addCommonOptions, addFlags, configFlags, type FlagMap } from './common-options.js';
import { openApp } from './app-context.js';
import { ssdWriterOf } from '../source/ssd-writer.js';

/** Flags of the synthetic-data commands (seed, simulate, demo). */
export const SYNTHETIC_FLAGS: FlagMap = [
  { flag: '--children <n>', key: 'demo.children', help: 'synthetic children to create (demo.children, default 2000)' },
  { flag: '--seed <n>', key: 'demo.seed', help: 'seed: the same seed gives the same data and changes (demo.seed, default 1)' },
  { flag: '--as-of <date>', key: 'payload.asOf', help: 'treat this YYYY-MM-DD as today (payload.asOf)' },
];

/**
 * Creates the 19 SSD tables and fills them with a synthetic LA, unless `ssd_person` already
 * has rows (then nothing is written and `null` is returned). Seeding is for demos, tests and
 * benchmarks: in production the LA's SSD script owns these tables.
 */
export async function seedIfEmpty(source: Source, options: { children: number; seed: number; today: string }): Promise<SeedSummary | null> {
  const ssd = ssdWriterOf(source);
  await ssd.createSsdTables();
  if ((await ssd.countRows('ssd_person')) > 0) return null;
  return seedSsd(ssd, options);
}

/** `ssd-delta seed`. */
export function seedCommand(): Command {
  const command = new Command('seed')
    .description('create the 19 SSD tables and fill them with a synthetic LA (demo, tests, benchmarks; never on an LA database)')
    .action(async (options: Record<string, unknown>) => {
      const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options, SYNTHETIC_FLAGS) });
      try {
        const started = performance.now();
        const summary = await seedIfEmpty(app.source, { children: app.config.demo.children, seed: app.config.demo.seed, today: app.clock.today() });
        if (!summary) throw new SsdDeltaError('ALREADY_SEEDED', `${app.source.description}: ssd_person already has rows; seed only an empty database (use a new --data-dir)`, { exitCode: 2 });
        process.stdout.write(`seeded ${summary.totalRows} rows for ${app.config.demo.children} children into ${app.source.description} in ${Math.round(performance.now() - started)} ms\n`);
        for (const [table, n] of Object.entries(summary.rows)) process.stdout.write(`  ${table.padEnd(28)} ${String(n).padStart(8)}\n`);
      } finally {
        await app.source.close();
      }
    });
  return addFlags(addCommonOptions(command, true), SYNTHETIC_FLAGS);
}
