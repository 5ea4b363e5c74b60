import { Command } from 'commander';
import { ConfigError } from '../core/errors.js';
import { createDocumentHasher } from '../payload/canonical-hash.js';
import { guardsFromConfig } from '../pipeline/guards-from-config.js';
import { reconcile } from '../pipeline/reconcile.js';
import type { Discrepancy } from '../pipeline/reconcile-child.js';
import { openApp, requireSsdTables } from './app-context.js';
import { addCommonOptions, addFlags, configFlags } from './common-options.js';
import { DRY_RUN_FLAGS } from './dry-run.js';
import { stagingCounts } from './initialised-app.js';
import { progressDisplay } from './progress-bar.js';

const WHY: Readonly<Record<Discrepancy['standing'], string>> = {
  missing: 'the API has accepted no document of this child',
  differs: 'the API holds (or may hold) another document than the SSD gives, or none after a purge',
  extra: 'gone from the SSD or out of the cohort, and the API still holds (or may hold) the child',
};

/**
 * `ssd-delta reconcile`: rebuilds every child and lists each one the API holds wrongly with
 * nothing queued to put it right (missed changes, exhausted retries, an incident, an upgrade);
 * `--mark` queues them for the next run. Exit 0: nothing found (or all marked); 1: found, not marked.
 */
export function reconcileCommand(): Command {
  const command = new Command('reconcile')
    .description('rebuild every child and list those whose last accepted document differs from the SSD with nothing pending; --mark queues them for the next run. Exit 0: none (or all marked); 1: some found and not marked')
    .option('--mark', 'mark every child found pending (its current document, or its purge) so the next run sends it')
    .option('--allow-mass-delete', 'with --mark: let it queue any number of purges (capture.maxDeletedShare=1, capture.maxPurgedShare=1)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: Record<string, unknown>) => {
      const lifted = options.allowMassDelete ? { 'capture.maxDeletedShare': 1, 'capture.maxPurgedShare': 1 } : {};
      // Marks are what the next run sends: built for any other day, they would replace today's documents.
      if (options.mark && options.asOf !== undefined) throw new ConfigError('reconcile --mark builds for today: leave out --as-of (it is for looking, without --mark)');
      const app = await openApp({ configFile: options.config as string | undefined, flags: { ...configFlags(options, DRY_RUN_FLAGS), ...lifted }, mustExist: true });
      try {
        await requireSsdTables(app);
        await stagingCounts(app);
        const bar = progressDisplay('checking children', app.logger);
        const deps = { source: app.source, streams: app.streams, hasher: await createDocumentHasher(), clock: app.clock, settings: app.settings, chunkSize: app.config.capture.chunkSize, progress: bar.sink };
        const report = await reconcile(deps, { mark: options.mark === true, guards: guardsFromConfig(app.config.capture) }).finally(() => bar.stop());
        if (report.discrepancies.length > 0 && report.marked === 0) process.exitCode = 1;
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...report, discrepancies: report.discrepancies.map(({ personId, standing, status }) => ({ personId, standing, status })) })}\n`);
          return;
        }
        for (const reason of report.unsettled) process.stdout.write(`warning: ${reason}\n`);
        for (const d of report.discrepancies) process.stdout.write(`${d.personId}: ${d.standing} (${WHY[d.standing]}; staging status ${d.status ?? 'none'})\n`);
        const c = report.counts;
        process.stdout.write(`${Object.values(c).reduce((a, b) => a + b, 0)} children checked: ${c.ok} as the API holds them, ${c.outside} outside the cohort and not held, ${c.queued} already queued, ${c.invalid} invalid, ${c.missing} missing, ${c.differs} different, ${c.extra} held but gone from the SSD or the cohort\n`);
        if (report.marked > 0) process.stdout.write(`${report.marked} children marked pending: the next run sends them\n`);
        else if (report.discrepancies.length > 0) process.stdout.write('run `ssd-delta reconcile --mark` to queue them for the next run\n');
      } finally {
        await app.source.close();
      }
    });
  return addFlags(addCommonOptions(command, true), DRY_RUN_FLAGS);
}
