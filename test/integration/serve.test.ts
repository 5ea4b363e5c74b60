import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { compiledCli } from '../helpers/compiled-cli.js';
import { runCli } from '../helpers/run-cli.js';

/** `ssd-delta serve` as a child process, its output kept, and a way to wait for a line. */
interface Served {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the output once `pattern` matches it (or rejects when the process ends first). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
}

/** Every serve a test started, killed after it (a failed test must not leave one running). */
const started: ChildProcess[] = [];

function serve(args: readonly string[], env: Record<string, string> = {}): Served {
  const child = spawn(process.execPath, [compiledCli(), 'serve', '--simulated-api', '--listen', '127.0.0.1:0', '--log-level', 'warn', ...args], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '', ...env },
  });
  started.push(child);
  let closed = false;
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => {
    closed = true;
    for (const w of waiters.splice(0)) w();
    resolve(code);
  }));
  const waitFor = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = out.match(pattern);
        if (m) return resolve(m);
        if (closed) return reject(new Error(`serve ended before ${pattern}: ${out}`));
        waiters.push(check);
      };
      check();
    });
  return { child, output: () => out, waitFor, exited };
}

describe('ssd-delta serve: cycles on a schedule, health endpoints, a clean stop on a signal', function () {
  this.timeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'ssd-delta-serve-'));
  const db = join(dir, 'db');
  before(async () => {
    expect((await runCli(['seed', '--children', '40', '--data-dir', db])).code).to.equal(0);
    expect((await runCli(['init', '--data-dir', db])).code).to.equal(0);
  });
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is alive but not ready before its first cycle, and SIGTERM stops it at once with exit 0', async () => {
    // Once a year: no cycle runs while the test looks.
    const served = serve(['--data-dir', db, '--schedule', '0 0 0 1 1 *']);
    const [, url] = (await served.waitFor(/status page (http:\/\/127\.0\.0\.1:\d+)\//)) as RegExpMatchArray;
    const health = await fetch(`${url}/healthz`);
    expect([health.status, await health.text()]).to.deep.equal([200, 'ok\n']);
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.text()]).to.deep.equal([503, 'not ready: no cycle has finished yet\n']);
    expect((await fetch(`${url}/metrics-not-yet`)).status).to.equal(404);
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).to.equal(405);
    expect((await fetch(`${url}/readyz`, { method: 'HEAD' })).status, 'HEAD, as probes ask').to.equal(503);
    // Asked by another name (DNS rebinding from a web page): refused.
    const rebound = await new Promise<number | undefined>((resolve, reject) => {
      get(`${url}/metrics`, { headers: { host: 'evil.example:9464' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject);
    });
    expect(rebound).to.equal(421);
    // The embedded database is this service's: a `run` beside it is refused, naming it, and writes nothing.
    const beside = await runCli(['run', '--simulated-api', '--data-dir', db]);
    expect(beside.code).to.equal(1);
    expect(beside.stderr).to.contain(`is open in another ssd-delta process (pid ${served.child.pid} on `);
    served.child.kill('SIGTERM');
    expect(await served.exited).to.equal(0);
    expect(existsSync(`${db}.lock`), 'released on the way out').to.equal(false);
    expect(served.output()).to.match(/SIGTERM: no new cycle, no new batch/).and.match(/stopped after 0 cycles/);
  });

  it('runs cycle after cycle, never two at once; ready once one succeeded; after SIGTERM everything was sent', async () => {
    const served = serve(['--data-dir', db, '--schedule', '* * * * * *']);
    const [, url] = (await served.waitFor(/status page (http:\/\/127\.0\.0\.1:\d+)\//)) as RegExpMatchArray;
    const [, first] = (await served.waitFor(/^cycle 1: \d+ changes, (\d+) touched, \d+ sent, 0 errors/m)) as RegExpMatchArray;
    expect(Number(first)).to.be.greaterThan(30);
    await served.waitFor(/^cycle 3: 0 changes, 0 touched, 0 sent, 0 errors/m);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.text()).to.match(/^ready: last cycle \d{4}-\d\d-\d\dT[\d:.]+Z: 0 touched, 0 sent, 0 errors\n$/);
    // /metrics, in Prometheus text format, agrees with the cycles' own lines.
    const scrape = await fetch(`${url}/metrics`);
    expect(scrape.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const exposition = await scrape.text();
    const metric = (name: string): number => {
      const line = exposition.split('\n').find((l) => l.startsWith(`${name} `));
      expect(line, `${name} in /metrics`).to.be.a('string');
      return Number((line as string).slice(name.length + 1));
    };
    const cycleLines = [...served.output().matchAll(/^cycle \d+: (\d+) changes, (\d+) touched, (\d+) sent/gm)];
    const sum = (i: number): number => cycleLines.reduce((n, m) => n + Number(m[i]), 0);
    expect(metric('ssd_delta_cycles_total{outcome="succeeded"}')).to.be.at.least(3);
    expect(metric('ssd_delta_cycles_total{outcome="failed"}')).to.equal(0);
    expect(metric('ssd_delta_changes_read_total')).to.be.at.least(sum(1));
    expect(metric('ssd_delta_children_answered_total{fate="sent"}')).to.be.at.least(sum(3)).and.be.greaterThan(30);
    expect(metric('ssd_delta_posts_total{status_class="2xx"}')).to.be.greaterThan(0);
    expect(metric('ssd_delta_staging_children{status="pending"}')).to.equal(0);
    expect(metric('ssd_delta_staging_children{status="sent"}')).to.be.greaterThan(30);
    expect(metric('ssd_delta_oldest_pending_age_seconds')).to.equal(0);
    expect(metric('ssd_delta_ready')).to.equal(1);
    expect(exposition).to.match(/^ssd_delta_cycle_stage_duration_seconds_count\{stage="build"\} \d+$/m);
    expect(exposition, 'the process\'s own metrics too').to.match(/^process_resident_memory_bytes \d+/m);
    served.child.kill('SIGTERM');
    expect(await served.exited).to.equal(0);
    // Cycles are numbered as they end: one line each, in order, none started twice.
    const numbers = [...served.output().matchAll(/^cycle (\d+):/gm)].map((m) => Number(m[1]));
    expect(numbers).to.deep.equal(numbers.map((_, i) => i + 1));
    const status = await runCli(['status', '--json', '--data-dir', db]);
    const counts = (JSON.parse(status.stdout) as { counts: Array<{ submissionStatus: string; count: number }> }).counts;
    expect(counts.every((c) => c.submissionStatus === 'sent'), status.stdout).to.equal(true);
  });

  it('a cycle that cannot run (capture not installed for this mode) is reported on /readyz and tried again, alerted once to the webhook; the service stays up', async () => {
    // A webhook receiver, as Teams or Slack would be.
    const hooks: Array<{ text: string; ssdDelta: { alert: string; state: string; message: string } }> = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (d: Buffer) => (body += d.toString()));
      request.on('end', () => {
        hooks.push(JSON.parse(body) as (typeof hooks)[number]);
        response.end('1');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/secret-token`;
    try {
      // The database was set up for direct capture; this service reads fingerprints.
      const served = serve(['--data-dir', db, '--schedule', '* * * * * *'], { SSD_DELTA_CAPTURE_MODE: 'fingerprint', SSD_DELTA_ALERTS_WEBHOOK_URL: hook });
      const [, url] = (await served.waitFor(/status page (http:\/\/127\.0\.0\.1:\d+)\//)) as RegExpMatchArray;
      await served.waitFor(/^cycle 3 failed: change capture is not installed on .*: run `ssd-delta init` first/m);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).to.equal(503);
      expect(await ready.text()).to.match(/^not ready: the last cycle failed: change capture is not installed on /);
      expect((await fetch(`${url}/healthz`)).status, 'alive all the same').to.equal(200);
      expect(await (await fetch(`${url}/metrics`)).text()).to.match(/^ssd_delta_alert_active\{alert="capture-missing"\} 1$/m);
      served.child.kill('SIGTERM');
      expect(await served.exited).to.equal(0);
      // Once per episode, not once per cycle: on stdout and to the webhook.
      expect(served.output().match(/^ssd-delta on \S+ ALERT capture-missing: change capture is not installed on /gm), 'stdout').to.have.length(1);
      expect(served.output().match(/"alert":"capture-missing".*ALERT capture-missing/g), 'the log').to.have.length(1);
      expect(hooks).to.have.length(1);
      expect(hooks[0]?.ssdDelta).to.deep.include({ alert: 'capture-missing', state: 'firing' });
      expect(hooks[0]?.text).to.match(/^ssd-delta on \S+ ALERT capture-missing: change capture is not installed on ssd_\w+/);
      expect(served.output(), 'the webhook URL is a secret').not.to.contain('secret-token');
    } finally {
      receiver.close();
    }
  });

  it('SIGHUP reloads the config file: live keys apply from the next cycle (a new schedule too), others are named as needing a restart, a bad file is refused and the running config stays', async () => {
    const file = join(dir, 'reload.json');
    writeFileSync(file, JSON.stringify({ schedule: { cycle: '0 0 0 1 1 *' }, submit: { concurrency: 4 } }));
    const served = serve(['--data-dir', db, '--config', file]);
    await served.waitFor(/reload the config with SIGHUP/);
    writeFileSync(file, JSON.stringify({ schedule: { cycle: '* * * * * *' }, submit: { concurrency: 2 }, capture: { chunkSize: 500 } }));
    served.child.kill('SIGHUP');
    await served.waitFor(/^SIGHUP: submit\.concurrency: 4 -> 2 \(from the next cycle\)$/m);
    await served.waitFor(/^SIGHUP: capture\.chunkSize: 1000 -> 500 \(needs a restart: not applied\)$/m);
    await served.waitFor(/^SIGHUP: schedule\.cycle: "0 0 0 1 1 \*" -> "\* \* \* \* \* \*" \(from the next cycle\)$/m);
    await served.waitFor(/^cycles now on "\* \* \* \* \* \*"/m);
    await served.waitFor(/^cycle 1: /m);
    writeFileSync(file, JSON.stringify({ schedule: { cycle: '* * * * * *' }, submit: { concurrency: 0 } }));
    served.child.kill('SIGHUP');
    await served.waitFor(/^SIGHUP: config not reloaded, the running one stays: .*"submit\.concurrency"/m);
    const after = Number((served.output().match(/^cycle (\d+): /gm) ?? []).length);
    await served.waitFor(new RegExp(`^cycle ${after + 1}: `, 'm'));
    served.child.kill('SIGTERM');
    expect(await served.exited).to.equal(0);
  });

  it('schedule.send: outside the window cycles mark and send nothing (and say so); a reload that opens it sends what waited', async () => {
    const fresh = join(dir, 'window-db');
    expect((await runCli(['seed', '--children', '30', '--data-dir', fresh])).code).to.equal(0);
    expect((await runCli(['init', '--data-dir', fresh])).code).to.equal(0);
    const file = join(dir, 'window.json');
    // Only on 1 January: closed whenever this test runs, but on that day.
    const closed = new Date().getUTCMonth() === 0 ? '* * * 1 2 *' : '* * * 1 1 *';
    writeFileSync(file, JSON.stringify({ schedule: { cycle: '* * * * * *', send: closed } }));
    const served = serve(['--data-dir', fresh, '--config', file]);
    const [, touched] = (await served.waitFor(/^cycle 1: \d+ changes, (\d+) touched, 0 sent, 0 errors, 0 not taken \(\d+ ms\); sending waits for schedule\.send/m)) as RegExpMatchArray;
    expect(Number(touched)).to.be.greaterThan(20);
    writeFileSync(file, JSON.stringify({ schedule: { cycle: '* * * * * *' } }));
    served.child.kill('SIGHUP');
    const [, sent] = (await served.waitFor(/^cycle \d+: 0 changes, 0 touched, ([1-9]\d*) sent, 0 errors, 0 not taken \(\d+ ms\)$/m)) as RegExpMatchArray;
    expect(Number(sent)).to.be.greaterThan(20);
    served.child.kill('SIGTERM');
    expect(await served.exited).to.equal(0);
  });

  it('schedule.refresh (fingerprint mode): the cycle after its tick compares every SSD table with its fingerprints first', async () => {
    const fresh = join(dir, 'refresh-db');
    const fingerprint = { SSD_DELTA_CAPTURE_MODE: 'fingerprint' };
    expect((await runCli(['seed', '--children', '20', '--data-dir', fresh], fingerprint)).code).to.equal(0);
    expect((await runCli(['init', '--data-dir', fresh], fingerprint)).code).to.equal(0);
    const served = serve(['--data-dir', fresh, '--schedule', '* * * * * *'], { ...fingerprint, SSD_DELTA_SCHEDULE_REFRESH: '*/2 * * * * *' });
    await served.waitFor(/^refreshed \d+ SSD tables \(schedule\.refresh\): \d+ rows changed$/m);
    served.child.kill('SIGTERM');
    expect(await served.exited).to.equal(0);
  });

  it('refuses a schedule that is not cron and an address that is not loopback: one line, exit 2, nothing opened', async () => {
    const cron = await runCli(['serve', '--simulated-api', '--data-dir', db, '--schedule', 'every minute']);
    expect(cron.code).to.equal(2);
    expect(cron.stderr).to.match(/^ssd-delta: config: "schedule\.cycle" \(from command line\) must be a cron expression/);
    const open = await runCli(['serve', '--simulated-api', '--data-dir', db, '--listen', '0.0.0.0:9464']);
    expect(open.code).to.equal(2);
    expect(open.stderr).to.match(/"serve\.listen" 0\.0\.0\.0:9464 \(from command line\) is not a loopback address: .*set serve\.allowRemote true, serve\.token .* and serve\.tlsCertFile/);
    // Opened on purpose, with a certificate that cannot be read: said before anything listens.
    const tls = await runCli(['serve', '--simulated-api', '--data-dir', db, '--listen', '0.0.0.0:0'], {
      SSD_DELTA_SERVE_ALLOW_REMOTE: 'true', SSD_DELTA_SERVE_TOKEN: 'a-token-of-at-least-24-characters', SSD_DELTA_SERVE_TLS_CERT_FILE: '/nonexistent/cert.pem', SSD_DELTA_SERVE_TLS_KEY_FILE: '/nonexistent/key.pem',
    });
    expect(tls.code).to.equal(2);
    expect(tls.stderr).to.match(/serve\.tlsCertFile: \/nonexistent\/cert\.pem cannot be read \(ENOENT\)/);
    const port = await runCli(['serve', '--simulated-api', '--data-dir', db, '--listen', '127.0.0.1:99999']);
    expect(port.code).to.equal(2);
    expect(port.stderr).to.match(/"serve\.listen" .* a port up to 65535/);
  });
});
