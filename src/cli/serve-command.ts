import { Command } from 'commander';
import type { Config } from '../config/config-schema.js';
import { maskUrlCredentials } from '../config/shown-value.js';
import { ConfigError, describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { VERSION } from '../core/version.js';
import { createDocumentHasher } from '../payload/canonical-hash.js';
import type { BatchPoster } from '../submit/batch-poster.js';
import { createApiClient } from '../submit/create-poster.js';
import { createHttpDispatcher } from '../submit/http-dispatcher.js';
import { startCycleLoop, type CycleLoop } from '../serve/cycle-loop.js';
import { ServiceAlerts } from '../serve/service-alerts.js';
import { ServiceHealth } from '../serve/service-health.js';
import { readTls } from '../serve/tls-files.js';
import { startServiceHttp, textReply, type Route, type ServiceHttp, type ServiceHttpOptions } from '../serve/service-http.js';
import { ServiceMetrics } from '../serve/service-metrics.js';
import { renderStatusPage } from '../serve/status-page.js';
import { attentionView, cachedFor, statusView } from '../serve/status-view.js';
import { connectApp, loadApp } from './app-context.js';
import { addCommonOptions, addFlags, configFlags, type FlagMap } from './common-options.js';
import { RUN_FLAGS } from './run-command.js';
import { servedCycle } from './served-cycle.js';
import { reloadServed } from './served-reload.js';
import { startConfiguredSimulator, type SimulatedPoster } from './simulated-poster.js';

/**
 * `serve`'s flags: `run`'s, without `--as-of` (a service's "today" must move), and its own.
 */
export const SERVE_FLAGS: FlagMap = [
  ...RUN_FLAGS.filter((f) => f.key !== 'payload.asOf'),
  { flag: '--schedule <cron>', key: 'schedule.cycle', help: 'when cycles start: cron with seconds (schedule.cycle, default "0 * * * * *", every minute)' },
  { flag: '--listen <host:port>', key: 'serve.listen', help: 'address of the status page, /healthz, /readyz and /metrics (serve.listen, default 127.0.0.1:9464; port 0: any free port; beyond loopback only with serve.allowRemote, serve.token and TLS)' },
];

/**
 * Resolves with the first of SIGTERM / SIGINT; handlers are installed at once, before anything
 * slow. SIGHUP too: one that comes while the service is still starting (`systemctl reload` just
 * after start) is kept for `onHangup`, rather than ending the process.
 */
function firstSignal(): { readonly received: Promise<NodeJS.Signals>; readonly seen: () => boolean; onHangup(handler: () => void): void } {
  let seen = false;
  let hangup: (() => void) | undefined;
  let hungUpEarly = false;
  process.on('SIGHUP', () => (hangup ? hangup() : (hungUpEarly = true)));
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
  return {
    received,
    seen: () => seen,
    onHangup(handler) {
      hangup = handler;
      if (hungUpEarly) handler();
    },
  };
}

/** How the endpoints listen, from `serve.*` (the TLS files read now: a bad one stops the start). */
function httpOptions(config: Config, logger: Logger): ServiceHttpOptions {
  const { listen, allowRemote, token, tlsCertFile, tlsKeyFile } = config.serve;
  const tls = tlsCertFile && tlsKeyFile ? readTls(tlsCertFile, tlsKeyFile) : undefined;
  // Who asked for child ids, and who was turned away: for the LA's audit (never the token).
  const onAccess = (access: { path: string; status: number; client: string }): void => logger.info(access, access.status === 200 ? 'serve: child ids shown' : 'serve: request refused');
  return { listen, allowRemote, token, tls, tokenPaths: ['/children'], onAccess };
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
    .description('run cycles on a schedule (schedule.cycle) until stopped (SIGTERM, SIGINT), with a status page, /metrics, /healthz and /readyz on serve.listen, and alerts (log, stdout, alerts.webhookUrl)')
    .option('--simulated-api', 'send to the built-in simulated API instead of the configured DfE API (testing, demo)')
    .action(async (options: Record<string, unknown>) => {
      const signal = firstSignal();
      const configFile = options.config as string | undefined;
      const flags = configFlags(options, SERVE_FLAGS);
      const loaded = loadApp({ configFile, flags, serving: true });
      const client = options.simulatedApi ? undefined : createApiClient(loaded.config);
      const app = await connectApp(loaded, { mustExist: true });
      const { config, logger } = app;
      const print = (line: string): void => void process.stdout.write(`${line}\n`);
      let simulated: SimulatedPoster | undefined;
      let server: ServiceHttp | undefined;
      try {
        const health = new ServiceHealth(config.alerts.maxCycleAgeMinutes * 60_000);
        const metrics = new ServiceMetrics(() => health.readiness(Date.now()).ready);
        // The running app: SIGHUP replaces it with one whose live keys (submit, schedule, log level) are reloaded.
        const current = { app };
        const page = { source: app.source, health, logger, version: VERSION, get schedule() { return current.app.config.schedule.cycle; }, maxPendingAgeMinutes: config.alerts.maxPendingAgeMinutes };
        const pageView = cachedFor(10_000, (now) => statusView(page, now));
        const attention = cachedFor(10_000, () => attentionView(page));
        const routes: Record<string, Route> = {
          '/': async () => ({ status: 200, contentType: 'text/html; charset=utf-8', body: renderStatusPage(await pageView(new Date())) }),
          // The same page with the children to look at, by id: answered only with serve.token.
          '/children': async () => {
            const now = new Date();
            return { status: 200, contentType: 'text/html; charset=utf-8', body: renderStatusPage({ ...(await pageView(now)), attention: await attention(now) }) };
          },
          '/healthz': () => textReply(200, 'ok'),
          '/readyz': () => {
            const r = health.readiness(Date.now());
            return textReply(r.ready ? 200 : 503, `${r.ready ? 'ready' : 'not ready'}: ${r.reason}`);
          },
          '/metrics': async () => ({ status: 200, ...(await metrics.exposition()) }),
        };
        const onError = (error: unknown): void => logger.error({ code: (error as { code?: string }).code }, `serve: a page failed: ${maskUrlCredentials(describeError(error))}`);
        server = await startServiceHttp(httpOptions(config, logger), routes, onError).catch((error: unknown) => {
          const code = (error as { code?: string }).code;
          const why = code === 'EADDRINUSE' ? 'the port is in use (another ssd-delta serve?)' : code === 'EACCES' ? 'not allowed' : describeError(error);
          throw new ConfigError(`serve.listen ${config.serve.listen}: cannot listen there: ${why}; choose another port`);
        });
        simulated = client ? undefined : await startConfiguredSimulator(config);
        const poster: BatchPoster = client ?? (simulated as SimulatedPoster).poster;
        const hasher = await createDocumentHasher();
        const alerts = new ServiceAlerts({ logger, print, webhookUrl: config.alerts.webhookUrl, webhookFormat: config.alerts.webhookFormat, dispatcher: createHttpDispatcher(), onChange: metrics.alert });
        const cycle = servedCycle({ app: () => current.app, poster, simulated: simulated !== undefined, hasher, health, metrics, alerts, stopClaiming: signal.seen, print });
        // A cycle that never ends says nothing: the age of the last success is judged on a clock of its own too.
        const watch = setInterval(() => alerts.judge(Date.now(), { 'cycle-age': health.stale(Date.now()) }), 30_000).unref();
        const schedule = (): CycleLoop => startCycleLoop({ expression: current.app.config.schedule.cycle, timezone: current.app.config.schedule.timezone, cycle, logger });
        let loop = schedule();
        // SIGHUP: reload the config file; a new schedule takes over once the cycle in hand (if any) ends.
        let reloading = Promise.resolve();
        signal.onHangup(() => {
          reloading = reloading.then(async () => {
            if (signal.seen()) return;
            if (!reloadServed({ configFile, flags, current, print }).scheduleChanged) return;
            await loop.stop();
            if (signal.seen()) return;
            loop = schedule();
            print(`cycles now on "${current.app.config.schedule.cycle}" (${current.app.config.schedule.timezone})`);
          });
        });
        process.stdout.write(`serving: cycles on "${config.schedule.cycle}" (${config.schedule.timezone}); status page ${server.url}/ (and /healthz, /readyz, /metrics, and /children with serve.token)${config.serve.allowRemote ? '; open to other machines with serve.token' : ''}; stop with SIGTERM or Ctrl-C, reload the config with SIGHUP\n`);
        const received = await signal.received;
        process.stdout.write(`${received}: no new cycle, no new batch; the batches in flight finish (up to ${config.shutdown.graceMs} ms; a second signal stops at once)\n`);
        logger.info({ signal: received }, 'stopping');
        const finished = await Promise.race([reloading.then(() => loop.stop()).then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), config.shutdown.graceMs).unref())]);
        if (!finished) {
          process.stdout.write('the cycle in hand did not finish within shutdown.graceMs: stopping anyway (what was written is whole; leases run out by themselves)\n');
          logger.error('the cycle in hand did not finish within shutdown.graceMs');
          process.exit(1);
        }
        clearInterval(watch);
        // Alerts still on their way get a little longer (their tries are logged either way).
        await alerts.flush(10_000);
        process.stdout.write(`stopped after ${health.cycles} cycles\n`);
      } finally {
        await server?.close();
        await simulated?.api.close();
        await app.source.close();
      }
    });
  return addFlags(addCommonOptions(command, true), SERVE_FLAGS);
}
