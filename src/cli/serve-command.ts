import { Command } from 'commander';
import { ConfigError, describeError } from '../core/errors.js';
import type { CycleStats } from '../pipeline/cycle-stats.js';
import type { BatchPoster } from '../submit/batch-poster.js';
import { createApiClient } from '../submit/create-poster.js';
import { startCycleLoop } from '../serve/cycle-loop.js';
import { startHealthServer, type HealthServer } from '../serve/health-server.js';
import { ServiceHealth } from '../serve/service-health.js';
import { connectApp, loadApp } from './app-context.js';
import { appCycle, requireReadyForCycles } from './app-cycle.js';
import { addCommonOptions, addFlags, configFlags, type FlagMap } from './common-options.js';
import { RUN_FLAGS } from './run-command.js';
import { startConfiguredSimulator, type SimulatedPoster } from './simulated-poster.js';

const SERVE_FLAGS: FlagMap = [
  ...RUN_FLAGS,
  { flag: '--schedule <cron>', key: 'schedule.cycle', help: 'when cycles start: cron with seconds (schedule.cycle, default "0 * * * * *", every minute)' },
  { flag: '--listen <host:port>', key: 'serve.listen', help: 'loopback address of /healthz and /readyz (serve.listen, default 127.0.0.1:9464; port 0: any free port)' },
];

/** One line per cycle on stdout, for whoever watches the service's output. */
function cycleLine(n: number, stats: CycleStats, ms: number): string {
  const held = stats.held.length > 0 ? `; waiting for the load of ${stats.held.join(', ')}` : '';
  const locked = stats.lockedOut ? '; another process was marking: only sent' : '';
  return `cycle ${n}: ${stats.changesRead} changes, ${stats.touched} touched, ${stats.sent} sent, ${stats.errors} errors, ${stats.released} not taken (${ms} ms)${held}${locked}`;
}

/**
 * `ssd-delta serve`: cycles on `schedule.cycle` until SIGTERM or SIGINT, with /healthz and
 * /readyz on `serve.listen`. A stop signal starts no new cycle and lets the one in hand finish
 * (its batches answered and recorded) for up to `shutdown.graceMs`, then exits 0; a second
 * signal exits at once (what was written is whole; leases run out by themselves).
 */
export function serveCommand(): Command {
  const command = new Command('serve')
    .description('run cycles on a schedule (schedule.cycle) until stopped (SIGTERM, SIGINT), with /healthz and /readyz on serve.listen')
    .option('--simulated-api', 'send to the built-in simulated API instead of the configured DfE API (testing, demo)')
    .action(async (options: Record<string, unknown>) => {
      const loaded = loadApp({ configFile: options.config as string | undefined, flags: configFlags(options, SERVE_FLAGS) });
      const client = options.simulatedApi ? undefined : createApiClient(loaded.config);
      const app = await connectApp(loaded, { mustExist: true });
      const { config, logger } = app;
      let simulated: SimulatedPoster | undefined;
      let server: HealthServer | undefined;
      try {
        await requireReadyForCycles(app);
        simulated = client ? undefined : await startConfiguredSimulator(config);
        const poster: BatchPoster = client ?? (simulated as SimulatedPoster).poster;
        const health = new ServiceHealth(config.alerts.maxCycleAgeMinutes * 60_000);
        server = await startHealthServer(config.serve.listen, () => health.readiness(Date.now())).catch((error: unknown) => {
          throw new ConfigError(`serve.listen ${config.serve.listen}: cannot listen there (${(error as { code?: string }).code ?? describeError(error)}); is another ssd-delta serve running? Choose another port`);
        });
        const cycle = async (): Promise<void> => {
          const started = Date.now();
          try {
            const stats = await appCycle(app, poster, simulated !== undefined);
            health.record({ ok: true, at: Date.now(), stats });
            logger.info({ ...stats }, 'cycle done');
            process.stdout.write(`${cycleLine(health.cycles, stats, Date.now() - started)}\n`);
          } catch (error) {
            // A failed cycle (the database gone, a guard holding) is reported and the next tick tries again.
            health.record({ ok: false, at: Date.now(), reason: describeError(error) });
            logger.error({ code: (error as { code?: string }).code }, describeError(error));
            process.stdout.write(`cycle ${health.cycles} failed: ${describeError(error)}\n`);
          }
        };
        const loop = startCycleLoop({ expression: config.schedule.cycle, timezone: config.schedule.timezone, cycle, logger });
        process.stdout.write(`serving: cycles on "${config.schedule.cycle}" (${config.schedule.timezone}); ${server.url}/healthz and ${server.url}/readyz; stop with SIGTERM or Ctrl-C\n`);
        const signal = await new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGTERM', () => resolve('SIGTERM'));
          process.once('SIGINT', () => resolve('SIGINT'));
        });
        process.stdout.write(`${signal}: no new cycle; letting the one in hand finish (up to ${config.shutdown.graceMs} ms; a second signal stops at once)\n`);
        const again = (): void => {
          process.stdout.write('second signal: stopping now\n');
          process.exit(1);
        };
        process.once('SIGTERM', again);
        process.once('SIGINT', again);
        const finished = await Promise.race([loop.stop().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), config.shutdown.graceMs).unref())]);
        if (!finished) {
          process.stdout.write(`the cycle in hand did not finish within shutdown.graceMs: stopping anyway (its leases run out by themselves)\n`);
          process.exit(1);
        }
        process.stdout.write(`stopped after ${health.cycles} cycles\n`);
      } finally {
        await server?.close();
        await simulated?.api.close();
        await app.source.close();
      }
    });
  return addFlags(addCommonOptions(command, true), SERVE_FLAGS);
}
