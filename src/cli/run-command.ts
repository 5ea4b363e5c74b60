import { Command } from 'commander';
import type { BatchPoster } from '../submit/batch-poster.js';
import { createApiClient } from '../submit/create-poster.js';
import { addCommonOptions, addFlags, configFlags, type FlagMap } from './common-options.js';
import { connectApp, loadApp } from './app-context.js';
import { appCycle, requireReadyForCycles } from './app-cycle.js';
import { formatCycleTable } from './cycle-table.js';
import { takenOverSentence } from '../pipeline/cycle-waits.js';
import { openWritesLines, openWritesStatus } from './open-writes-report.js';
import { progressDisplay } from './progress-bar.js';
import { startConfiguredSimulator, type SimulatedPoster } from './simulated-poster.js';

/** Flags of `run` that set config keys. */
export const RUN_FLAGS: FlagMap = [
  { flag: '--batch-size <n>', key: 'submit.batchSize', help: 'children per POST, 1..100 (submit.batchSize, default 100)' },
  { flag: '--concurrency <n>', key: 'submit.concurrency', help: 'POSTs in flight at once (submit.concurrency, default 4)' },
  { flag: '--chunk-size <n>', key: 'capture.chunkSize', help: 'children rebuilt per set-based fetch (capture.chunkSize, default 1000)' },
  { flag: '--as-of <date>', key: 'payload.asOf', help: 'treat this YYYY-MM-DD as today for the reporting window (payload.asOf)' },
  { flag: '--payload-mode <mode>', key: 'payload.mode', help: 'full (whole documents) or partial (only what changed) (payload.mode, default full)' },
  { flag: '--chaos', key: 'simulator.chaos', help: 'with the simulated API: inject faults (401, 403, 429, 5xx, timeouts, resets, bad receipts) and latency (simulator.chaos)' },
];

/** `ssd-delta run`: one cycle (capture, mark, submit). */
export function runCommand(): Command {
  const command = new Command('run')
    .description('run one cycle: read changes, rebuild and hash the touched children, mark the staging table, send pending children')
    .option('--simulated-api', 'send to the built-in simulated API instead of the configured DfE API (testing)')
    .option('--allow-mass-delete', 'let this run purge any number of children and items (capture.maxDeletedShare=1, capture.maxPurgedShare=1), after checking the SSD really lost them')
    .action(async (options: Record<string, unknown>) => {
      const flags = { ...configFlags(options, RUN_FLAGS), ...(options.allowMassDelete ? { 'capture.maxDeletedShare': 1, 'capture.maxPurgedShare': 1 } : {}) };
      const loaded = loadApp({ configFile: options.config as string | undefined, flags });
      // Missing API settings are a config error: report them before touching the database.
      const client = options.simulatedApi ? undefined : createApiClient(loaded.config);
      const app = await connectApp(loaded, { mustExist: true });
      let simulated: SimulatedPoster | undefined;
      try {
        simulated = client ? undefined : await startConfiguredSimulator(app.config);
        const poster: BatchPoster = client ?? (simulated as SimulatedPoster).poster;
        // `init` creates and upgrades ssd-delta's tables; a scheduled run never changes them.
        await requireReadyForCycles(app);
        const bar = progressDisplay('rebuilding children', app.logger);
        const stats = await appCycle(app, { poster, simulated: simulated !== undefined, progress: bar.sink }).finally(() => bar.stop());
        app.logger.info({ ...stats }, 'cycle done');
        process.stdout.write(`${formatCycleTable([{ label: 'run', stats }])}\n`);
        if (stats.takenOver > 0) process.stdout.write(`${takenOverSentence(stats)}\n`);
        if (stats.held.length > 0) process.stdout.write(`waiting for the load of ${stats.held.join(', ')} to finish: nothing marked this cycle (the log says why)\n`);
        if (stats.lockedOut) process.stdout.write('another ssd-delta process (serve, or another run) is running a cycle on this database: this run did nothing (that process marks and sends)\n');
        if (stats.released > 0) process.stdout.write(`${stats.released} children were not taken by the API and stay pending for the next run\n`);
        if (stats.stopped) process.stdout.write(`sending stopped: ${stats.stopped}\n`);
        // A load's transaction still open: its writes reach a later run (alerts.maxOpenTransactionMinutes).
        // That the login cannot see other sessions is for the log only, at info: a scheduled run
        // would otherwise warn of it every time (docs/sql-server.md weighs the grant).
        const { openWrites, lines } = await openWritesStatus(app);
        for (const line of openWrites ? openWritesLines({ ...openWrites, visible: true }) : lines) {
          app.logger.warn(line);
          process.stdout.write(`${line}\n`);
        }
        if (openWrites && !openWrites.visible) app.logger.info(openWritesLines({ ...openWrites, transactions: [] }).join('; '));
        // A scheduler should notice a cycle whose POSTs failed: the children stay recorded as
        // error, or pending when the API could not take them.
        if (stats.errors > 0 || stats.released > 0) process.exitCode = 1;
      } finally {
        await simulated?.api.close();
        await app.source.close();
      }
    });
  return addFlags(addCommonOptions(command, true), RUN_FLAGS);
}
