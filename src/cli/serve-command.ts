import { Command } from 'commander';
import { maskUrlCredentials } from '../config/shown-value.js';
import { ConfigError, describeError, SsdDeltaError } from '../core/errors.js';
import { createDocumentHasher } from '../payload/canonical-hash.js';
import type { CycleStats } from '../pipeline/cycle-stats.js';
import type { BatchPoster } from '../submit/batch-poster.js';
import { createApiClient } from '../submit/create-poster.js';
import { startCycleLoop } from '../serve/cycle-loop.js';
import { ServiceHealth } from '../serve/service-health.js';
import { startServiceHttp, textReply, type ServiceHttp } from '../serve/service-http.js';
import { ServiceMetrics } from '../serve/service-metrics.js';
import { renderStatusPage } from '../serve/status-page.js';
import { statusView } from '../serve/status-view.js';
import { VERSION } from '../core/version.js';
import { connectApp, loadApp } from './app-context.js';
import { appCycle, requireCapture, requireReadyForCycles } from './app-cycle.js';
import { addCommonOptions, addFlags, configFlags, type FlagMap } from './common-options.js';
import { RUN_FLAGS } from './run-command.js';
import { startConfiguredSimulator, type SimulatedPoster } from './simulated-poster.js';

/**
 * `serve`'s flags: `run`'s, without `--as-of` (a service's "today" must move), and its own.
 */
export const SERVE_FLAGS: FlagMap = [
  ...RUN_FLAGS.filter((f) => f.key !== 'payload.asOf'),
  { flag: '--schedule <cron>', key: 'schedule.cycle', help: 'when cycles start: cron with seconds (schedule.cycle, default "0 * * * * *", every minute)' },
  { flag: '--listen <host:port>', key: 'serve.listen', help: 'loopback address of the status page, /healthz, /readyz and /metrics (serve.listen, default 127.0.0.1:9464; port 0: any free port)' },
];

/** One line per cycle on stdout, for whoever watches the service's output. */
function cycleLine(n: number, stats: CycleStats, ms: number): string {
  const held = stats.held.length > 0 ? `; waiting for the load of ${stats.held.join(', ')}` : '';
  const locked = stats.lockedOut ? '; another process was marking: only sent' : '';
  const stopped = stats.stopped ? `; sending stopped: ${stats.stopped}` : '';
  return `cycle ${n}: ${stats.changesRead} changes, ${stats.touched} touched, ${stats.sent} sent, ${stats.errors} errors, ${stats.released} not taken (${ms} ms)${held}${locked}${stopped}`;
}

/**
 * Why a cycle failed, as /readyz and stdout may say it: ssd-delta's own messages (they name
 * keys, tables and fixes, never row values; URL credentials masked), and for anything else only
 * that it happened (a driver's message can quote a row's values: it goes to the log alone).
 */
function publicReason(error: unknown): string {
  if (error instanceof SsdDeltaError) return maskUrlCredentials(error.message);
  return 'an unexpected error (the log at error level says which)';
}

/** Resolves with the first of SIGTERM / SIGINT; handlers are installed at once, before anything slow. */
function firstSignal(): { readonly received: Promise<NodeJS.Signals>; readonly seen: () => boolean } {
  let seen = false;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    const on = (signal: NodeJS.Signals) => (): void => {
      if (seen) {
        process.stdout.write('second signal: stopping now (what was written is whole; leases run out by themselves)\n');
        process.exit(1);
      }
      seen = true;
      resolve(signal);
    };
    process.on('SIGTERM', on('SIGTERM'));
    process.on('SIGINT', on('SIGINT'));
  });
  return { received, seen: () => seen };
}

/**
 * `ssd-delta serve`: cycles on `schedule.cycle` until SIGTERM or SIGINT, with /healthz and
 * /readyz on `serve.listen`. Each cycle first checks the database is ready (ssd-delta's tables
 * current, the SSD tables there, capture installed): a cycle that cannot run is reported on
 * /readyz and tried again at the next tick. A stop signal starts no new cycle and stops the one
 * in hand claiming batches; the batches in flight are answered and recorded, for up to
 * `shutdown.graceMs`; then it exits 0. A second signal exits at once.
 */
export function serveCommand(): Command {
  const command = new Command('serve')
    .description('run cycles on a schedule (schedule.cycle) until stopped (SIGTERM, SIGINT), with /healthz and /readyz on serve.listen')
    .option('--simulated-api', 'send to the built-in simulated API instead of the configured DfE API (testing, demo)')
    .action(async (options: Record<string, unknown>) => {
      const signal = firstSignal();
      const loaded = loadApp({ configFile: options.config as string | undefined, flags: configFlags(options, SERVE_FLAGS) });
      const client = options.simulatedApi ? undefined : createApiClient(loaded.config);
      const app = await connectApp(loaded, { mustExist: true });
      const { config, logger } = app;
      let simulated: SimulatedPoster | undefined;
      let server: ServiceHttp | undefined;
      try {
        const health = new ServiceHealth(config.alerts.maxCycleAgeMinutes * 60_000);
        const metrics = new ServiceMetrics(() => health.readiness(Date.now()).ready);
        const page = { source: app.source, health, logger, version: VERSION, schedule: config.schedule.cycle, maxPendingAgeMinutes: config.alerts.maxPendingAgeMinutes };
        const routes = {
          '/': async () => ({ status: 200, contentType: 'text/html; charset=utf-8', body: renderStatusPage(await statusView(page, new Date())) }),
          '/healthz': () => textReply(200, 'ok'),
          '/readyz': () => {
            const r = health.readiness(Date.now());
            return textReply(r.ready ? 200 : 503, `${r.ready ? 'ready' : 'not ready'}: ${r.reason}`);
          },
          '/metrics': async () => ({ status: 200, ...(await metrics.exposition()) }),
        };
        const onError = (error: unknown): void => logger.error({ code: (error as { code?: string }).code }, `serve: a page failed: ${maskUrlCredentials(describeError(error))}`);
        server = await startServiceHttp(config.serve.listen, routes, onError).catch((error: unknown) => {
          const code = (error as { code?: string }).code;
          const why = code === 'EADDRINUSE' ? 'the port is in use (another ssd-delta serve?)' : code === 'EACCES' ? 'not allowed' : describeError(error);
          throw new ConfigError(`serve.listen ${config.serve.listen}: cannot listen there: ${why}; choose another port`);
        });
        simulated = client ? undefined : await startConfiguredSimulator(config);
        const poster: BatchPoster = client ?? (simulated as SimulatedPoster).poster;
        const hasher = await createDocumentHasher();
        // The whole readiness check (tables current, SSD tables there) until a cycle has run, and
        // again after a failure; between, only capture (a reload that recreates an SSD table
        // drops its triggers): the full check counts staging and reads the catalogue every tick.
        let checked = false;
        const cycle = async (): Promise<void> => {
          const started = Date.now();
          try {
            await (checked ? requireCapture(app) : requireReadyForCycles(app));
            checked = true;
            const stats = await appCycle(app, { poster, simulated: simulated !== undefined, hasher, stopClaiming: signal.seen, onAnswer: metrics.answered });
            const at = Date.now();
            const seconds = (at - started) / 1000;
            metrics.cycleSucceeded(stats, seconds, at);
            // Children the API did not take (down, the breaker open) make the service not ready.
            const notTaken = stats.stopped ?? (stats.released > 0 ? `${stats.released} children were not taken by the API` : null);
            health.record(notTaken ? { ok: false, at, seconds, reason: notTaken, stats } : { ok: true, at, seconds, stats });
            logger.info({ ...stats }, 'cycle done');
            process.stdout.write(`${cycleLine(health.cycles, stats, at - started)}\n`);
          } catch (error) {
            // A cycle that failed (the database gone, a guard holding, capture missing) is reported; the next tick tries again.
            checked = false;
            const seconds = (Date.now() - started) / 1000;
            metrics.cycleFailed(seconds);
            health.record({ ok: false, at: Date.now(), seconds, reason: publicReason(error) });
            logger.error({ code: (error as { code?: string }).code }, maskUrlCredentials(describeError(error)));
            process.stdout.write(`cycle ${health.cycles} failed: ${publicReason(error)}\n`);
          }
          // What the staging table holds now, for /metrics (a database that is away is said by the cycle).
          await Promise.all([app.source.staging.statusCounts(), app.source.staging.pendingAge()])
            .then(([counts, pendingAgeSeconds]) => metrics.staging({ counts, pendingAgeSeconds }))
            .catch((error: unknown) => logger.warn({ code: (error as { code?: string }).code }, `metrics: the staging table could not be read: ${maskUrlCredentials(describeError(error))}`));
        };
        const loop = startCycleLoop({ expression: config.schedule.cycle, timezone: config.schedule.timezone, cycle, logger });
        process.stdout.write(`serving: cycles on "${config.schedule.cycle}" (${config.schedule.timezone}); status page ${server.url}/ (and /healthz, /readyz, /metrics); stop with SIGTERM or Ctrl-C\n`);
        const received = await signal.received;
        process.stdout.write(`${received}: no new cycle, no new batch; the batches in flight finish (up to ${config.shutdown.graceMs} ms; a second signal stops at once)\n`);
        logger.info({ signal: received }, 'stopping');
        const finished = await Promise.race([loop.stop().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), config.shutdown.graceMs).unref())]);
        if (!finished) {
          process.stdout.write('the cycle in hand did not finish within shutdown.graceMs: stopping anyway (what was written is whole; leases run out by themselves)\n');
          logger.error('the cycle in hand did not finish within shutdown.graceMs');
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
