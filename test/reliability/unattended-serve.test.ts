import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { simulateChanges } from '../../src/simulate/change-simulator.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { startSimulatedApi } from '../../src/simulate/simulated-api.js';
import { serverTargets } from '../helpers/capture-targets.js';
import { compiledCli } from '../helpers/compiled-cli.js';
import { TODAY } from '../helpers/cycle-harness.js';
import { checkReceiver } from '../helpers/receiver-check.js';
import { restartPostgres } from '../helpers/restart-postgres.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

/** How long `serve` is left alone: 1 minute in `npm test`, 10 with `npm run soak` (SSD_DELTA_UNATTENDED_MINUTES). */
const MINUTES = Number(process.env.SSD_DELTA_UNATTENDED_MINUTES ?? 1);

/** A TCP door to the API that the test can shut (every connection cut, nothing listening) and open again on the same port. */
async function apiDoor(target: string): Promise<{ url: string; shut(): Promise<void>; open(): Promise<void> }> {
  const { hostname, port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const open = async (): Promise<void> => {
    server = createServer((client) => {
      const upstream = new Socket();
      sockets.add(client).add(upstream);
      upstream.connect(Number(targetPort), hostname, () => client.pipe(upstream).pipe(client));
      for (const s of [client, upstream]) {
        s.on('error', () => undefined);
        s.on('close', () => (sockets.delete(s), client.destroy(), upstream.destroy()));
      }
    });
    await new Promise<void>((resolve) => (server as Server).listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  };
  await open();
  return {
    url: `http://127.0.0.1:${port}`,
    async shut() {
      const closing = new Promise<void>((resolve) => server?.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closing;
    },
    open,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// The Postgres server (a restart is part of the test), in ssd-delta's default mode there.
const TARGET = serverTargets().find((t) => t.name === 'postgres direct');

describe('serve left alone: the API killed and back, the database restarted, the SSD changing', function () {
  this.timeout((MINUTES * 60 + 600) * 1000);

  it(`runs ${MINUTES} minutes unattended, recovers by itself from each outage, and the receiver ends holding a fresh build`, async function () {
    if (!TARGET) return this.skip(); // no Postgres server configured (SSD_DELTA_TEST_PG_URL)
    const db = await TARGET.open();
    const api = await startSimulatedApi({ clientId: 'la', clientSecret: 'secret', supplierKey: 'key', laCode: '846', scope: 'csc', latencyMs: 30 });
    const door = await apiDoor(api.url);
    const out = mkdtempSync(join(tmpdir(), 'ssd-delta-unattended-'));
    const env = {
      SSD_DELTA_LOG_LEVEL: 'warn', SSD_DELTA_PAYLOAD_AS_OF: TODAY, SSD_DELTA_CAPTURE_MODE: 'direct',
      SSD_DELTA_API_BASE_URL: door.url, SSD_DELTA_API_TOKEN_ENDPOINT: api.tokenEndpoint.replace(api.url, door.url), SSD_DELTA_API_LA_CODE: '846',
      SSD_DELTA_API_CLIENT_ID: 'la', SSD_DELTA_API_CLIENT_SECRET: 'secret', SSD_DELTA_API_SUPPLIER_KEY: 'key', SSD_DELTA_API_SCOPE: 'csc',
      SSD_DELTA_API_TIMEOUT_MS: '5000', SSD_DELTA_SUBMIT_LEASE_SECONDS: '51', SSD_DELTA_SUBMIT_BATCH_SIZE: '20',
      SSD_DELTA_SUBMIT_BACKOFF_BASE_MS: '50', SSD_DELTA_SUBMIT_BACKOFF_CAP_MS: '500', SSD_DELTA_SUBMIT_FORBIDDEN_CAP_MS: '500', SSD_DELTA_SUBMIT_RETRIES: '1',
      http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '',
    };
    let serve: ReturnType<typeof spawn> | undefined;
    try {
      await db.source.schema.migrate();
      await seedSsd(ssdWriterOf(db.source), { children: 300, seed: 11, today: TODAY });
      await db.source.capture.install(STREAMS);
      serve = spawn(process.execPath, [compiledCli(), 'serve', '--database-url', db.url as string, '--listen', '127.0.0.1:0', '--schedule', '*/2 * * * * *'], {
        cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
      });
      let output = '';
      serve.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      serve.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((resolve) => serve?.on('close', resolve));
      while (!/status page (http:\/\/127\.0\.0\.1:\d+)\//.test(output)) {
        if (serve.exitCode !== null) throw new Error(output);
        await sleep(200);
      }
      const page = (output.match(/status page (http:\/\/127\.0\.0\.1:\d+)\//) as RegExpMatchArray)[1] as string;
      const readiness: string[] = [];
      const look = async (): Promise<void> => {
        const answer = await fetch(`${page}/readyz`).catch(() => null);
        const state = answer === null ? 'down' : answer.status === 200 ? 'ready' : 'not ready';
        if (readiness.at(-1) !== state) readiness.push(state);
      };

      // The timeline, in fractions of the run: the SSD changes throughout; the API goes away
      // twice; the database restarts once.
      const total = MINUTES * 60_000;
      const events = [
        { at: 0.2, what: 'API killed', act: () => door.shut() },
        { at: 0.35, what: 'API back', act: () => door.open() },
        { at: 0.55, what: 'database restarted', act: async () => void (await restartPostgres(db.url as string)) },
        { at: 0.75, what: 'API killed', act: () => door.shut() },
        { at: 0.8, what: 'API back', act: () => door.open() },
      ];
      const done: string[] = [];
      const started = Date.now();
      let round = 0;
      let writesFailed = 0;
      while (Date.now() - started < total) {
        const next = events[0];
        if (next && Date.now() - started >= next.at * total) {
          events.shift();
          await next.act();
          done.push(next.what);
        }
        // The LA's writes; some fail while the database restarts (the LA's problem, not ssd-delta's).
        await simulateChanges(ssdWriterOf(db.source), { seed: 5, round: (round += 1), today: TODAY }).catch(() => void (writesFailed += 1));
        await look();
        await sleep(1500);
      }
      for (const event of events) await event.act();
      // Left to settle: nothing pending, and a cycle after that found nothing to do.
      const settled = Date.now();
      const pending = async (): Promise<number> =>
        Number((await db.sql.query<{ n: number | string }>("SELECT count(*) AS n FROM ssd_api_data_staging WHERE submission_status IN ('pending', 'sending')").catch(() => [{ n: 1 }]))[0]?.n);
      while ((await pending()) > 0 && Date.now() - settled < 120_000) await sleep(1000);
      const cyclesSoFar = (output.match(/^cycle \d+: /gm) ?? []).length;
      while ((output.match(/^cycle \d+: /gm) ?? []).length < cyclesSoFar + 2 && Date.now() - settled < 180_000) await sleep(500);
      await look();
      serve.kill('SIGTERM');
      expect(await exited, output.slice(-3000)).to.equal(0);

      const failed = (output.match(/^cycle \d+ failed: .*/gm) ?? []).map((l) => l.replace(/^cycle \d+ failed: /, ''));
      const notTaken = (output.match(/^cycle \d+: .* [1-9]\d* not taken/gm) ?? []).length;
      const cycles = (output.match(/^cycle \d+/gm) ?? []).length;
      const check = await checkReceiver(db, api, out, env);
      process.stdout.write(
        `      unattended: ${MINUTES} min, ${cycles} cycles (${failed.length} failed, ${notTaken} with children not taken), ${round} rounds of changes (${writesFailed} refused during the restart); ${done.join(', ')}; readiness ${readiness.join(' -> ')}; ` +
          `${check.ids.length} children, ${check.lost.length} not as a fresh build, ${check.extra.length} extra; failures said: ${[...new Set(failed.map((f) => f.slice(0, 80)))].join(' | ')}\n`,
      );
      expect(done).to.deep.equal(['API killed', 'API back', 'database restarted', 'API killed', 'API back']);
      expect(readiness.at(-1), 'ready again at the end').to.equal('ready');
      expect(readiness, 'not ready during the outages').to.include('not ready');
      expect(output, 'no crash, no stack trace').to.not.match(/at .*\.js:\d+:\d+/);
      expect(check.unsettled).to.deep.equal([]);
      expect(check.withoutReceipt).to.deep.equal([]);
      expect(check.lost, 'the receiver does not hold a fresh build').to.deep.equal([]);
      expect(check.extra).to.deep.equal([]);
    } finally {
      if (serve && serve.exitCode === null) serve.kill('SIGKILL');
      rmSync(out, { recursive: true, force: true });
      await door.shut().catch(() => undefined);
      await api.close();
      await db.dispose();
    }
  });
});
