import { expect } from 'chai';
import pg from 'pg';
import { captureTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { TODAY } from '../helpers/cycle-harness.js';
import { runCli } from '../helpers/run-cli.js';
import { sessions } from '../helpers/sessions.js';
import { STREAMS } from '../helpers/test-sources.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';
import { openPgPool } from '../../src/source/postgres/pg-pool-connection.js';
import { postgresSource } from '../../src/source/postgres/postgres-source.js';
import type { OpenWrites } from '../../src/source/source.js';

/** `url` with another application_name, or another user (trust authentication here). */
function urlWith(url: string, set: { application?: string; user?: string; database?: string }): string {
  const u = new URL(url);
  if (set.application) u.searchParams.set('application_name', set.application);
  if (set.user) u.username = set.user;
  if (set.database) u.pathname = `/${set.database}`;
  return u.toString();
}

const pids = (report: OpenWrites): Array<string | number> => report.transactions.map((t) => t.pid);

describe('open writing transactions capture cannot see yet (embedded: one session)', () => {
  it('PGlite: visible, and none', async () => {
    const target = captureTargets('direct').find((t) => t.name.startsWith('pglite'))!;
    const db = await target.open();
    try {
      expect(await db.source.capture.openWrites(0)).to.deep.equal({ visible: true, grant: null, unseen: 0, transactions: [] });
    } finally {
      await db.dispose();
    }
  });
});

// A second session that writes and stays open: the Postgres server only.
for (const target of captureTargets('direct').filter((t) => t.name.startsWith('postgres'))) {
  describe(`open writing transactions capture cannot see yet (${target.name})`, function () {
    this.timeout(300_000);
    let db: PortDatabase;
    const extra = sessions();
    const role = `ssd_delta_test_ow_${process.pid}`;
    const admin = (): Promise<pg.Client> => extra.connect(process.env.SSD_DELTA_TEST_PG_URL);

    before(async () => {
      db = await target.open();
      await db.source.schema.migrate();
      await seedSsd(ssdWriterOf(db.source), { children: 5, seed: 7, today: TODAY });
      await db.source.capture.install(STREAMS);
    });
    after(async () => {
      await extra.endAll();
      await db?.dispose();
      const a = new pg.Client({ connectionString: process.env.SSD_DELTA_TEST_PG_URL });
      await a.connect();
      await a.query(`DROP ROLE IF EXISTS ${role}`);
      await a.end();
    });

    it('lists a load that wrote one SSD row and is still open (database, pid, application, age), not a reader nor a writer in another database; status names it; gone at COMMIT', async () => {
      const url = db.url as string;
      const load = await extra.connect(urlWith(url, { application: 'SSIS load' }));
      await load.query('BEGIN');
      await load.query("UPDATE ssd_person SET pers_forename = pers_forename WHERE pers_person_id = (SELECT min(pers_person_id) FROM ssd_person)");
      const loadPid = ((await load.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;
      const opened = Date.now();
      // A report in the SSD's database that has written nothing, and a writer in another database.
      const reader = await extra.connect(urlWith(url, { application: 'report' }));
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM ssd_person');
      const elsewhere = await extra.connect(urlWith(url, { application: 'elsewhere', database: 'postgres' }));
      await elsewhere.query('BEGIN; CREATE TEMP TABLE ow_scratch (i int); INSERT INTO ow_scratch VALUES (1)');
      const [readerPid, elsewherePid] = await Promise.all([reader, elsewhere].map(async (c) => ((await c.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid));

      const report = await db.source.capture.openWrites(0);
      expect(report).to.include({ visible: true, grant: null, unseen: 0 });
      const listed = report.transactions.find((t) => t.pid === loadPid);
      expect(listed).to.include({ database: 'test', application: 'SSIS load', prepared: false });
      // Its age, by the database's clock: never more than the test has seen pass since it began (loaded or not).
      expect(listed?.seconds).to.be.at.least(0).and.at.most((Date.now() - opened) / 1000 + 2);
      expect(pids(report)).to.not.include(readerPid);
      expect(pids(report)).to.not.include(elsewherePid);
      expect(pids(await db.source.capture.openWrites(3600)), 'younger than the threshold').to.not.include(loadPid);

      // A login without pg_read_all_stats sees that another role's session holds a transaction id, not since when.
      const a = await admin();
      await a.query(`CREATE ROLE ${role} LOGIN`);
      const limited = await openPgPool(urlWith(url, { user: role }), 1);
      try {
        const blind = await postgresSource(limited, db.source.placement, STREAMS).capture.openWrites(0);
        expect(blind).to.include({ visible: false, grant: `GRANT pg_read_all_stats TO ${role}` });
        expect(blind.unseen).to.be.at.least(1);
        expect(pids(blind)).to.not.include(loadPid);
        await a.query(`GRANT pg_read_all_stats TO ${role}`);
        const granted = await postgresSource(limited, db.source.placement, STREAMS).capture.openWrites(0);
        expect(granted).to.include({ visible: true, grant: null, unseen: 0 });
        expect(pids(granted)).to.include(loadPid);
      } finally {
        await limited.close();
        await a.query(`DROP ROLE ${role}`);
      }

      // status reports what is open longer than alerts.maxOpenTransactionMinutes (1: the least).
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, opened + 61_000 - Date.now())));
      const env = { SSD_DELTA_ALERTS_MAX_OPEN_TRANSACTION_MINUTES: '1' };
      const status = await runCli(['status', '--database-url', url], env);
      expect(status.code, status.stderr).to.equal(0);
      expect(status.stdout).to.match(new RegExp(`^  - capture cannot see writes not yet committed: a transaction in database test open \\d+ min \\(pid ${loadPid}, application "SSIS load"\\); its changes are read once it commits$`, 'm'));
      expect(status.stdout).to.not.include('report');
      // A run says it too, after its cycle: what it could not read yet.
      const run = await runCli(['run', '--simulated-api', '--database-url', url], env);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(new RegExp(`^capture cannot see writes not yet committed: a transaction in database test open \\d+ min \\(pid ${loadPid}, application "SSIS load"\\)`, 'm'));
      const json = JSON.parse((await runCli(['status', '--json', '--database-url', url], env)).stdout) as { openWrites: OpenWrites };
      expect(json.openWrites.visible).to.equal(true);
      expect(pids(json.openWrites)).to.include(loadPid);
      const off = JSON.parse((await runCli(['status', '--json', '--database-url', url], { SSD_DELTA_ALERTS_MAX_OPEN_TRANSACTION_MINUTES: '0' })).stdout) as { openWrites: OpenWrites | null };
      expect(off.openWrites, 'alerts.maxOpenTransactionMinutes 0: off').to.equal(null);

      await load.query('COMMIT');
      expect(pids(await db.source.capture.openWrites(0))).to.not.include(loadPid);
      // (Another test file's transaction, open as long in this database, may be named: only this one's pid counts.)
      expect((await runCli(['status', '--database-url', url], env)).stdout).to.not.match(new RegExp(`\\(pid ${loadPid},`));
    });
  });
}
