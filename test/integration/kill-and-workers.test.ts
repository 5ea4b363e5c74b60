import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import stringify from 'fast-json-stable-stringify';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { byItemId } from '../../src/payload/apply-document.js';
import type { JsonObject } from '../../src/payload/document-shape.js';
import { simulateChanges } from '../../src/simulate/change-simulator.js';
import { Random } from '../../src/simulate/random.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { startSimulatedApi, type SimulatedApi } from '../../src/simulate/simulated-api.js';
import { TODAY } from '../helpers/cycle-harness.js';
import { dialectTargets, STREAMS, type TestDatabase } from '../helpers/test-sources.js';

const BATCH = 10;
const CONCURRENCY = 4;

/** `ssd-delta run` against the server schema and the test's simulated API, as an LA would run it. */
function startRun(db: TestDatabase, api: SimulatedApi): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src/cli/main.ts'), 'run', '--database-url', db.url as string], {
    cwd: PACKAGE_ROOT,
    stdio: 'ignore',
    env: {
      ...process.env, SSD_DELTA_LOG_LEVEL: 'error', SSD_DELTA_PAYLOAD_AS_OF: TODAY,
      SSD_DELTA_API_BASE_URL: api.url, SSD_DELTA_API_TOKEN_ENDPOINT: api.tokenEndpoint, SSD_DELTA_API_LA_CODE: api.laCode,
      SSD_DELTA_API_CLIENT_ID: 'la', SSD_DELTA_API_CLIENT_SECRET: 'secret', SSD_DELTA_API_SUPPLIER_KEY: 'key', SSD_DELTA_API_SCOPE: 'csc',
      SSD_DELTA_API_TIMEOUT_MS: '5000', SSD_DELTA_SUBMIT_LEASE_SECONDS: '51', SSD_DELTA_SUBMIT_BATCH_SIZE: String(BATCH),
      SSD_DELTA_SUBMIT_CONCURRENCY: String(CONCURRENCY), SSD_DELTA_SUBMIT_BACKOFF_BASE_MS: '100', SSD_DELTA_SUBMIT_BACKOFF_CAP_MS: '1000',
      SSD_DELTA_SUBMIT_FORBIDDEN_CAP_MS: '1000', http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '',
    },
  });
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, done };
}

/** Opens a server schema, seeds a synthetic LA and installs capture; starts a slow simulated API. */
async function prepare(target: ReturnType<typeof dialectTargets>[number], children: number, latencyMs: number): Promise<{ db: TestDatabase; api: SimulatedApi }> {
  const db = await target.open();
  await db.source.schema.migrate();
  await seedSsd(db.source.ssd, { children, seed: 3, today: TODAY });
  await db.source.capture.install(STREAMS);
  const api = await startSimulatedApi({ clientId: 'la', clientSecret: 'secret', supplierKey: 'key', laCode: '846', scope: 'csc', latencyMs });
  return { db, api };
}

interface Row { person_id: string; submission_status: string; json_payload: string; api_response: string | null }

// Child processes need a database they can share with this one: the Postgres server only.
for (const target of dialectTargets().filter((t) => t.name === 'postgres')) {
  describe('crash safety and two workers (postgres, ssd-delta run as child processes)', function () {
    this.timeout(600_000);

    it('SIGKILL at random moments, restarted until done: nothing lost, nothing sent without a receipt, duplicates bounded', async () => {
      const { db, api } = await prepare(target, 600, 120);
      try {
        const random = new Random(20261129);
        let kills = 0;
        let round = 0;
        const pendingLeft = async (): Promise<boolean> =>
          (await db.connection.query("SELECT 1 FROM ssd_api_data_staging WHERE submission_status IN ('pending', 'sending') LIMIT 1")).length > 0;
        for (let attempt = 0; kills < 10 && attempt < 40; attempt += 1) {
          const run = startRun(db, api);
          const killAt = random.int(700, 3500);
          const ended = await Promise.race([run.done.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), killAt))]);
          if (!ended) {
            run.child.kill('SIGKILL');
            await run.done;
            kills += 1;
            // The killed run's leases would run out in submit.leaseSeconds; let them now.
            await db.connection.query("UPDATE ssd_api_data_staging SET lease_expires_at = now() - interval '1 second' WHERE submission_status = 'sending'");
          } else if (!(await pendingLeft())) {
            // Everything was sent before a kill came: give the next runs more to do.
            round += 1;
            await simulateChanges(db.source.ssd, { seed: 11, round, today: TODAY, scale: 10 });
          }
        }
        let finals = 0;
        do {
          finals += 1;
          expect(await startRun(db, api).done, `final run ${finals}`).to.equal(0);
        } while ((await pendingLeft()) && finals < 5);

        const rows = await db.connection.query<Row>('SELECT person_id, submission_status, json_payload, api_response FROM ssd_api_data_staging');
        const receipts = new Map<string, Set<string>>();
        for (const r of api.received()) receipts.set(r.laChildId, (receipts.get(r.laChildId) ?? new Set()).add(r.receipt));
        const notSent = rows.filter((r) => r.submission_status !== 'sent');
        const withoutReceipt = rows.filter((r) => r.submission_status === 'sent' && !(r.api_response !== null && receipts.get(r.person_id)?.has(r.api_response)));
        const lost = rows.filter((r) => {
          const held = api.current(r.person_id) as JsonObject | undefined;
          const doc = JSON.parse(r.json_payload) as JsonObject;
          return doc.purge === true ? held !== undefined : held === undefined || stringify(byItemId(held)) !== stringify(byItemId(doc));
        });
        // The same body received twice for a child: a batch in flight at a kill, sent again.
        const bodies = new Map<string, number>();
        for (const r of api.received()) {
          const key = `${r.laChildId} ${stringify(r.document)}`;
          bodies.set(key, (bodies.get(key) ?? 0) + 1);
        }
        const duplicates = [...bodies.values()].reduce((sum, n) => sum + n - 1, 0);
        process.stdout.write(`      kill test: ${kills} kills, ${rows.length} children, ${lost.length} lost, ${duplicates} duplicates (bound ${kills * CONCURRENCY * BATCH}), ${api.requestCount} POSTs\n`);
        expect(kills).to.be.at.least(10);
        expect(notSent.map((r) => `${r.person_id} ${r.submission_status}`)).to.deep.equal([]);
        expect(withoutReceipt.map((r) => r.person_id), 'sent without a receipt the API gave').to.deep.equal([]);
        expect(lost.map((r) => r.person_id), 'the receiver does not hold the latest document').to.deep.equal([]);
        expect(duplicates).to.be.at.most(kills * CONCURRENCY * BATCH);
      } finally {
        await api.close();
        await db.dispose();
      }
    });

    it('two ssd-delta run processes at once send every child exactly once', async () => {
      const { db, api } = await prepare(target, 400, 40);
      try {
        const [a, b] = [startRun(db, api), startRun(db, api)];
        expect(await Promise.all([a.done, b.done])).to.deep.equal([0, 0]);
        const rows = await db.connection.query<{ person_id: string; submission_status: string }>('SELECT person_id, submission_status FROM ssd_api_data_staging');
        expect(rows.length).to.be.greaterThan(300);
        expect(rows.filter((r) => r.submission_status !== 'sent')).to.deep.equal([]);
        const times = new Map<string, number>();
        for (const r of api.received()) times.set(r.laChildId, (times.get(r.laChildId) ?? 0) + 1);
        expect([...times.values()].filter((n) => n !== 1)).to.deep.equal([]);
        expect([...times.keys()].sort()).to.deep.equal(rows.map((r) => r.person_id).sort());
      } finally {
        await api.close();
        await db.dispose();
      }
    });
  });
}
