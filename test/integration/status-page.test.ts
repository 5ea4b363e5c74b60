import { PGlite } from '@electric-sql/pglite';
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { compiledCli } from '../helpers/compiled-cli.js';
import { runCli } from '../helpers/run-cli.js';

/** Where the screenshot of the page is kept (the CI log prints the path). */
export const SCREENSHOT = join(PACKAGE_ROOT, 'test-output', 'status-page.png');
const CHROMIUM = '/usr/bin/chromium';
/** serve.token: the page shows child ids only to a request carrying it. */
const TOKEN = 'status-page-test-token-0123456789';

/** Starts `serve` and resolves with its URL once `cycles` cycles have finished with nothing left to send. */
function serveUntilSettled(args: readonly string[]): { child: ChildProcess; url: Promise<string>; settled: Promise<void>; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [compiledCli(), 'serve', '--simulated-api', '--listen', '127.0.0.1:0', '--log-level', 'warn', ...args], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '', SSD_DELTA_SERVE_TOKEN: TOKEN },
  });
  let out = '';
  let onOut: () => void = () => {};
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    onOut();
  });
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const when = (pattern: RegExp): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = out.match(pattern);
        if (m) resolve(m);
      };
      const previous = onOut;
      onOut = () => {
        previous();
        check();
      };
      check();
      void exited.then(() => reject(new Error(`serve ended before ${pattern}: ${out}`)));
    });
  const url = when(/status page (http:\/\/127\.0\.0\.1:\d+)\//).then((m) => m[1] as string);
  // Settled: a cycle after the first found nothing to do and had nothing left to send.
  const settled = when(/^cycle ([2-9]|\d\d+): 0 changes, 0 touched, 0 sent, 0 errors, 0 not taken/m).then(() => undefined);
  return { child, url, settled, exited, output: () => out };
}

describe('serve: the status page, in a real browser (headless Chromium)', function () {
  this.timeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'ssd-delta-page-'));
  const db = join(dir, 'db');
  let browser: Browser | undefined;
  let serving: ChildProcess | undefined;

  before(function () {
    // .ci/run installs Debian's chromium and requires it; elsewhere a machine without it skips.
    if (!existsSync(CHROMIUM)) {
      if (process.env.SSD_DELTA_REQUIRE_CHROMIUM) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
      this.skip();
    }
  });
  after(async () => {
    await browser?.close();
    if (serving && serving.exitCode === null) serving.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a demo\'s cycles, shows the database\'s numbers, a week\'s chart and what to do, with no child id or name; screenshot kept', async () => {
    expect((await runCli(['seed', '--children', '150', '--data-dir', db])).code).to.equal(0);
    expect((await runCli(['init', '--data-dir', db])).code).to.equal(0);
    // An API that answers one POST in four with a 500: some batches are retried, some not taken.
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ simulator: { faultRates: { '500': 0.25 } }, submit: { batchSize: 10 } }));
    const served = serveUntilSettled(['--config', config, '--data-dir', db, '--schedule', '* * * * * *']);
    serving = served.child;
    const url = await served.url;
    await served.settled;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const response = await page.goto(`${url}/`);
    expect(response?.status()).to.equal(200);
    expect(await page.title()).to.equal('ssd-delta: ready');
    const cell = async (selector: string): Promise<number> => Number(await page.locator(selector).innerText());
    const shown = {
      sent: await cell('#counts td[data-total="sent"]'),
      invalid: await cell('#counts td[data-total="invalid"]'),
      pending: await cell('#counts td[data-total="pending"]'),
      accepted: await cell('#accepted-total'),
      failed: await cell('#failed-total'),
    };
    const bars = await page.locator('#chart rect.accepted').count();
    const cycles = await page.locator('#cycles tr').count();
    const problems = await page.locator('#problems').innerText();
    const text = await page.locator('body').innerText();
    const html = await page.content();
    mkdirSync(join(PACKAGE_ROOT, 'test-output'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(await page.locator('#attention').count(), 'no child list without the token').to.equal(0);

    // /children asks for the token; a browser sends it after its prompt (Basic, the token as password): the children to look at, by id.
    expect((await fetch(`${url}/children`)).status, 'no child ids without the token').to.equal(401);
    const withToken = await browser.newContext({ httpCredentials: { username: 'operator', password: TOKEN } });
    const tokenPage = await withToken.newPage();
    expect((await tokenPage.goto(`${url}/children`))?.status()).to.equal(200);
    const listed = await tokenPage.locator('#attention tr td:first-child').allInnerTexts();
    const listText = await tokenPage.locator('body').innerText();
    await withToken.close();

    served.child.kill('SIGTERM');
    expect(await served.exited).to.equal(0);

    // The database, read apart from ssd-delta's code, once the service has let it go.
    const pg = await PGlite.create(db);
    try {
      const count = async (sql: string): Promise<number> => Number((await pg.query<{ n: number }>(sql)).rows[0]?.n ?? 0);
      expect(shown.sent).to.equal(await count("SELECT count(*)::int AS n FROM ssd_api_data_staging WHERE submission_status = 'sent'"));
      expect(shown.invalid).to.equal(await count("SELECT count(*)::int AS n FROM ssd_api_data_staging WHERE submission_status = 'invalid'"));
      expect(shown.pending).to.equal(0);
      expect(shown.accepted).to.equal(await count("SELECT coalesce(sum(child_count), 0)::int AS n FROM ssd_delta_api_attempt WHERE outcome = 'sent'"));
      expect(shown.failed).to.equal(await count("SELECT count(*)::int AS n FROM ssd_delta_api_attempt WHERE outcome <> 'sent'"));
      expect(shown.sent).to.be.greaterThan(100);
      expect(bars, 'everything was sent within this hour (or two)').to.be.within(1, 2);
      expect(cycles, 'a header and a row per cycle').to.be.greaterThan(2);
      // What needs doing follows from the numbers: the invalid documents, or nothing.
      if (shown.invalid > 0) expect(problems).to.contain(`${shown.invalid} documents fail the DfE schema`).and.contain('ssd-delta validate');
      else expect(problems).to.equal('Nothing needs doing.');
      // With the token: exactly the children not sent (refused, invalid or waiting), by id.
      const notSent = (await pg.query<{ id: string }>("SELECT person_id AS id FROM ssd_api_data_staging WHERE submission_status <> 'sent' ORDER BY person_id LIMIT 50")).rows.map((r) => r.id);
      expect([...listed].sort()).to.deep.equal(notSent);
      if (notSent.length === 0) expect(listText, listText + served.output()).to.contain('No child is refused, invalid or waiting.');
      expect(listText).to.contain('Children to look at (shown because the request carried serve.token)');
      // Without it, no personal data: no child's id, name or date of birth anywhere in the page.
      const people = (await pg.query<{ id: string; forename: string | null; surname: string | null; dob: string | null }>('SELECT pers_person_id::text AS id, pers_forename AS forename, pers_surname AS surname, pers_dob::date::text AS dob FROM ssd_person')).rows;
      expect(people.length).to.equal(150);
      for (const p of people) {
        for (const value of [p.id, p.forename, p.surname, p.dob]) {
          if (value && value.length > 2) expect(html.includes(value), `the page shows ${value}`).to.equal(false);
        }
      }
    } finally {
      await pg.close();
    }
    expect(text).to.match(/Ready: last cycle/);
    process.stdout.write(`      status page screenshot: ${SCREENSHOT}\n`);
  });
});
