import { expect } from 'chai';
import pg from 'pg';
import { serverTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { sessions } from '../helpers/sessions.js';
import type { TestSession } from '../helpers/test-sql.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

// Needs two real connections: runs on servers only (PGlite has one connection).
for (const target of serverTargets()) {
  describe(`capture under concurrent writers (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    const extra = sessions();
    const writers: TestSession[] = [];
    /** Another session: the LA's own writer. */
    const writer = async (): Promise<TestSession> => {
      const session = await h.db.sql.session!();
      writers.push(session);
      return session;
    };
    /** A Postgres session for the Postgres-only cases (roles, search_path, trigger functions). */
    const connect = (): Promise<pg.Client> => extra.connect(h.db.url);
    /**
     * Updates every address of a person by its primary key: a writer that scanned the table for
     * the person (SQL Server, with locks) would wait on the other writer's rows.
     */
    const setPostcode = async (session: TestSession, person: string, postcode: string): Promise<void> => {
      const keys = (await h.rowsWhere('ssd_address', 'addr_person_id', person)).map((r) => String(r.addr_table_id));
      await session.query(`UPDATE ssd_address SET addr_address_postcode = $1, addr_address_start_date = $2 WHERE addr_table_id IN ${h.db.sql.list(keys)}`, [postcode, '2026-06-14']);
    };

    before(async () => {
      h = await openHarness(await target.open(), 120);
      await h.cycle();
    });
    after(async () => {
      for (const w of writers.splice(0)) await w.close();
      await extra.endAll();
      await h?.close();
      if (h?.db.source.dialect !== 'postgres') return;
      const admin = new pg.Client({ connectionString: process.env.SSD_DELTA_TEST_PG_URL });
      await admin.connect();
      await admin.query('DROP ROLE IF EXISTS ssd_delta_test_loader').catch(() => undefined); // still granted elsewhere by a parallel run
      await admin.end();
    });

    it('reads a transaction that started first and committed last exactly once, with the other', async () => {
      const sentIds = [...new Set(h.sim.api.received().map((r) => r.laChildId))];
      const withAddress: string[] = [];
      for (const id of sentIds) {
        if ((await h.rowsWhere('ssd_address', 'addr_person_id', id)).length > 0) withAddress.push(id);
        if (withAddress.length === 2) break;
      }
      const [first, second] = withAddress as [string, string];
      const a = await writer();
      const b = await writer();
      await a.begin();
      await setPostcode(a, first, 'AA1 1AA'); // A takes its transaction id first ...
      await b.begin();
      await setPostcode(b, second, 'BB2 2BB');
      await b.commit(); // ... B commits first ...
      const during = await h.cycle(); // ... a cycle runs between the two commits ...
      await a.commit(); // ... and A commits last.
      const afterwards = await h.cycle();
      const again = await h.cycle();

      const reads = during.changesRead + afterwards.changesRead + again.changesRead;
      const addressRows = (await h.rowsWhere('ssd_address', 'addr_person_id', first)).length + (await h.rowsWhere('ssd_address', 'addr_person_id', second)).length;
      expect(reads, 'each changed row read exactly once').to.equal(addressRows);
      expect(during.updated + afterwards.updated + again.updated).to.equal(2);
      const docsFor = (id: string) => h.sim.api.receivedFor(id).map((r) => (r.document as { child_details?: { postcode?: string } }).child_details?.postcode);
      expect(docsFor(first).at(-1)).to.equal('AA1 1AA');
      expect(docsFor(second).at(-1)).to.equal('BB2 2BB');
      expect(docsFor(first)).to.have.length(2);
      expect(docsFor(second)).to.have.length(2);
    });

    it("is not held back by a transaction left open in another database, or in the SSD's own one by a session that wrote nothing to the SSD", async function () {
      // Postgres only: its watermark is a snapshot, whose xmin every open transaction of the
      // server holds back. Only a change's own transaction decides when it is read.
      if (h.db.source.dialect !== 'postgres') return this.skip();
      const elsewhere = new URL(h.db.url as string);
      elsewhere.pathname = '/postgres';
      const report = await connect(); // a long report in another database of the same server
      const idle = await connect(); // an idle-in-transaction session in the SSD's own database
      await (await extra.connect(elsewhere.toString())).query('BEGIN; SELECT txid_current()');
      await report.query('BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM ssd_person');
      await idle.query('BEGIN; SELECT txid_current()');
      let child = '';
      for (const id of new Set(h.sim.api.received().map((r) => r.laChildId))) {
        if ((await h.rowsWhere('ssd_address', 'addr_person_id', id)).length > 0 && (child = id)) break;
      }
      await setPostcode(await writer(), child, 'OP3 3OP');
      const stats = await h.cycle();
      expect(stats.updated).to.equal(1);
      expect((h.sim.api.receivedFor(child).at(-1)?.document as { child_details?: { postcode?: string } }).child_details?.postcode).to.equal('OP3 3OP');
      await extra.endAll();
    });

    it("captures writes of the LA's own loader role, with its own search_path and no rights on ssd-delta's tables", async function () {
      // Postgres only: its triggers run with the writer's rights and search_path. SQL Server's
      // Change Tracking and fingerprints do not run as the writer at all.
      if (h.db.source.dialect !== 'postgres') return this.skip();
      const [{ schema }] = (await h.db.sql.query<{ schema: string }>('SELECT current_schema() AS schema')) as [{ schema: string }];
      const child = h.sim.api.received().map((r) => r.laChildId).find(Boolean) as string;
      const loader = await connect();
      await loader.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ssd_delta_test_loader') THEN CREATE ROLE ssd_delta_test_loader NOLOGIN; END IF; END $$`);
      await loader.query(`GRANT USAGE ON SCHEMA ${schema} TO ssd_delta_test_loader; GRANT SELECT, INSERT, UPDATE ON ${schema}.ssd_address TO ssd_delta_test_loader`);
      await loader.query('SET ROLE ssd_delta_test_loader; SET search_path TO public');
      await loader.query(`INSERT INTO ${schema}.ssd_address (addr_table_id, addr_person_id, addr_address_start_date, addr_address_postcode) VALUES ('ADDRLOADER1', $1, '2026-06-14', 'LD1 1LD')`, [child]);
      await loader.query('RESET ROLE');
      const stats = await h.cycle();
      expect(stats.updated).to.equal(1);
      expect((h.sim.api.receivedFor(child).at(-1)?.document as { child_details?: { postcode?: string } }).child_details?.postcode).to.equal('LD1 1LD');
    });

    it('the capture function cannot be attached by others, nor tricked by objects created in its schema', async function () {
      if (h.db.source.capture.mode !== 'direct' || h.db.source.dialect !== 'postgres') return this.skip(); // Postgres' trigger function (direct mode only)
      const [{ schema }] = (await h.db.sql.query<{ schema: string }>('SELECT current_schema() AS schema')) as [{ schema: string }];
      const admin = await connect();
      await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ssd_delta_test_loader') THEN CREATE ROLE ssd_delta_test_loader NOLOGIN; END IF; END $$`);
      await admin.query(`CREATE SCHEMA ${schema}_own; GRANT USAGE, CREATE ON SCHEMA ${schema}_own TO ssd_delta_test_loader; GRANT USAGE ON SCHEMA ${schema} TO ssd_delta_test_loader`);
      try {
        await admin.query(`SET ROLE ssd_delta_test_loader; CREATE TABLE ${schema}_own.mine (id int)`);
        let refused: unknown;
        await admin
          .query(`CREATE TRIGGER evil AFTER INSERT ON ${schema}_own.mine REFERENCING NEW TABLE AS ssd_delta_new FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.ssd_delta_capture('id')`)
          .catch((e: unknown) => (refused = e));
        expect(String((refused as Error)?.message)).to.match(/permission denied for function .*ssd_delta_capture/);
      } finally {
        await admin.query(`RESET ROLE; DROP SCHEMA ${schema}_own CASCADE; REVOKE ALL ON SCHEMA ${schema} FROM ssd_delta_test_loader`);
      }
      // A look-alike of a built-in placed in ssd-delta's schema is never called by the trigger.
      await admin.query(`CREATE FUNCTION ${schema}.concat_ws(text, text, text) RETURNS text LANGUAGE sql AS $$ SELECT 'hijacked' $$`);
      try {
        const [factor] = await ssdWriterOf(h.db.source).sampleRows('ssd_assessment_factors', 1, 21);
        await ssdWriterOf(h.db.source).updateRows('ssd_assessment_factors', ['cinf_table_id', 'cinf_assessment_id'], [{ ...factor, cinf_assessment_factors_json: '["2B"]' }]);
        const keys = await h.db.sql.query<{ row_key: string }>("SELECT row_key FROM ssd_delta_change_log WHERE stream = 'ssd_assessment_factors'");
        expect(keys.map((k) => k.row_key)).to.include(`${factor?.cinf_table_id}\u001f${factor?.cinf_assessment_id}`);
        expect(keys.map((k) => k.row_key)).to.not.include('hijacked');
      } finally {
        await admin.query(`DROP FUNCTION ${schema}.concat_ws(text, text, text)`);
      }
      await h.cycle();
    });

    it('migrations started by two processes at once apply each file exactly once', async () => {
      // A database with none of ssd-delta's tables (on SQL Server: this one, emptied again).
      const other = await target.open();
      const twin = await other.openTwin!();
      try {
        const [r1, r2] = await Promise.all([other.source.schema.migrate(), twin.schema.migrate()]);
        expect(r1.applied.length + r2.applied.length, 'every file applied, by one or the other').to.be.greaterThan(0);
        expect([...r1.applied, ...r2.applied].sort()).to.deep.equal([...r1.applied, ...r1.alreadyApplied].sort());
        const rows = await other.sql.query<{ n: number | string }>('SELECT count(*) AS n FROM ssd_delta_migration');
        expect(Number(rows[0]?.n)).to.equal(r1.applied.length + r1.alreadyApplied.length);
      } finally {
        await twin.close();
        await other.dispose();
      }
    });
  });
}
