import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringify from 'fast-json-stable-stringify';
import pg from 'pg';
import { byItemId } from '../../src/payload/apply-document.js';
import type { JsonObject } from '../../src/payload/document-shape.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { startSimulatedApi, type SimulatedApi } from '../../src/simulate/simulated-api.js';
import { TODAY } from '../helpers/cycle-harness.js';
import { restartPostgres } from '../helpers/restart-postgres.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { dialectTargets, STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

const apiEnv = (api: SimulatedApi): Record<string, string> => ({
  SSD_DELTA_LOG_LEVEL: 'error', SSD_DELTA_PAYLOAD_AS_OF: TODAY, SSD_DELTA_API_BASE_URL: api.url, SSD_DELTA_API_TOKEN_ENDPOINT: api.tokenEndpoint, SSD_DELTA_API_LA_CODE: api.laCode,
  SSD_DELTA_API_CLIENT_ID: 'la', SSD_DELTA_API_CLIENT_SECRET: 'secret', SSD_DELTA_API_SUPPLIER_KEY: 'key', SSD_DELTA_API_SCOPE: 'csc',
  http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '',
});

/** Waits until a session of `ssd-delta` waits for a lock on `table` (the run is blocked mid-marking). */
async function untilWaitingOn(url: string, table: string): Promise<void> {
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  try {
    for (let tries = 0; tries < 1200; tries += 1) {
      const { rows } = await watcher.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND c.relname = $1 AND a.application_name = 'ssd-delta'",
        [table],
      );
      if ((rows[0]?.n ?? 0) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ssd-delta session ever waited on ${table}`);
  } finally {
    await watcher.end();
  }
}

for (const target of dialectTargets().filter((t) => t.name === 'postgres')) {
  describe(`the database goes away mid-cycle (${target.name}, run as a child process)`, function () {
    this.timeout(600_000);

    it('a server restart while a run marks: that run fails with one clear line and exit 1; the next completes and nothing is lost', async () => {
      const db = await target.open();
      const url = db.url as string;
      const api = await startSimulatedApi({ clientId: 'la', clientSecret: 'secret', supplierKey: 'key', laCode: '846', scope: 'csc' });
      const out = mkdtempSync(join(tmpdir(), 'ssd-delta-restart-'));
      try {
        await db.source.schema.migrate();
        await seedSsd(ssdWriterOf(db.source), { children: 300, seed: 5, today: TODAY });
        await db.source.capture.install(STREAMS);
        // Another session holds the staging table: the run's first marks wait for it, mid-cycle,
        // with its marking lock and its snapshot open. Then the server goes away.
        const holder = new pg.Client({ connectionString: url });
        await holder.connect();
        holder.on('error', () => undefined);
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE ssd_api_data_staging IN EXCLUSIVE MODE');
        const run = runCli(['run', '--database-url', url], apiEnv(api));
        await untilWaitingOn(url, 'ssd_api_data_staging');
        const how = await restartPostgres(url);
        await holder.query('COMMIT').catch(() => undefined);
        await holder.end().catch(() => undefined);
        const failed = await run;
        process.stdout.write(`      the server was ${how} under the run; it said: ${failed.stderr.trim()}\n`);
        expect(failed.code).to.equal(1);
        expect(failed.stderr.trim().split('\n'), 'one line').to.have.length(1);
        expect(failed.stderr).to.match(/^ssd-delta: lost the connection to postgres 127\.0\.0\.1:5432\/test \(57P01\): the server restarted, stopped or ended the session; nothing is lost/);

        const next = await runCli(['run', '--database-url', url], apiEnv(api));
        expect(next.code, next.stderr).to.equal(0);
        const exported = await runCli(['export', '--all', '--out', out, '--database-url', url], apiEnv(api));
        expect(exported.code, exported.stderr).to.equal(0);
        const ids = (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { written: Array<{ personId: string }> }).written.map((w) => w.personId).sort();
        expect(ids.length).to.be.greaterThan(250);
        expect(api.heldIds()).to.deep.equal(ids);
        for (const id of ids) expect(stringify(byItemId(api.current(id) as JsonObject)), id).to.equal(stringify(byItemId(JSON.parse(readFileSync(join(out, `${id}.json`), 'utf8')) as JsonObject)));
        const rows = await db.connection.query<{ n: number }>("SELECT count(*)::int AS n FROM ssd_api_data_staging WHERE submission_status <> 'sent'").catch(async () =>
          // The pool's sessions died with the server: the next query opens a new one.
          db.connection.query<{ n: number }>("SELECT count(*)::int AS n FROM ssd_api_data_staging WHERE submission_status <> 'sent'"));
        expect(rows[0]?.n).to.equal(0);
      } finally {
        rmSync(out, { recursive: true, force: true });
        await api.close();
        await db.dispose();
      }
    });
  });
}
