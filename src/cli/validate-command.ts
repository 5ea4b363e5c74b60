import { Command } from 'commander';
import { createDocumentHasher } from '../payload/canonical-hash.js';
import { dryBuild } from '../pipeline/dry-build.js';
import { addCommonOptions, addFlags, configFlags, type FlagMap } from './common-options.js';
import { openApp, requireSsdTables } from './app-context.js';
import { stagingCounts } from './status-command.js';

const FLAGS: FlagMap = [{ flag: '--as-of <date>', key: 'payload.asOf', help: 'treat this YYYY-MM-DD as today (payload.asOf)' }];

/** `ssd-delta validate`: every in-cohort child's document checked, nothing sent or written. */
export function validateCommand(): Command {
  const command = new Command('validate')
    .description('build every child and report the documents that break the DfE contract or payload.md rules; sends and writes nothing')
    .option('--json', 'print JSON for scripts')
    .action(async (options: Record<string, unknown>) => {
      const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options, FLAGS), mustExist: true });
      try {
        await requireSsdTables(app);
        await stagingCounts(app); // says `run ssd-delta init first` when it has not run
        const invalid: Array<{ personId: string; errors: readonly string[] }> = [];
        let documents = 0;
        await dryBuild({ source: app.source, streams: app.streams, hasher: await createDocumentHasher(), clock: app.clock, chunkSize: app.config.capture.chunkSize }, (children) => {
          for (const { built } of children) {
            if (built.kind !== 'document') continue;
            documents += 1;
            if (built.errors.length > 0) invalid.push({ personId: built.personId, errors: built.errors });
          }
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ documents, invalid })}\n`);
          return;
        }
        for (const child of invalid) process.stdout.write(`${child.personId}: ${child.errors.join('; ')}\n`);
        process.stdout.write(`${documents} children in the cohort, ${invalid.length} with invalid documents (not sent until fixed in the SSD)\n`);
      } finally {
        await app.source.close();
      }
    });
  return addFlags(addCommonOptions(command, true), FLAGS);
}
