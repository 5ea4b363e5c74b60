import { expect } from 'chai';
import { mssqlConnection, type MssqlConnection } from '../../../src/source/mssql/mssql-connection.js';
import { FakeMssqlPool, sqlServerError, type RecordedRequest } from '../../helpers/fake-mssql-pool.js';

/**
 * mssql's pool hands a connection on without resetting its session (no sp_reset_connection), and
 * a SET inside Request.query() (sp_executesql) ends with the text. The fake pool keeps session
 * state the way SQL Server does, so these tests see what a borrower after a SNAPSHOT transaction
 * really runs under.
 */
describe('SQL Server session state on pooled connections (fake pool)', () => {
  const CLAIM = '-- claim-batch.sql: stands for any write outside a transaction\nUPDATE ssd_api_data_staging SET submission_status = N\'sending\'';

  function open(): { pool: FakeMssqlPool; db: MssqlConnection } {
    const pool = new FakeMssqlPool();
    return { pool, db: mssqlConnection(pool, 'fake') };
  }

  /** The session the SNAPSHOT transaction ran its reads on. */
  function snapshotSession(pool: FakeMssqlPool): number {
    const begun = pool.events.find((e) => e.event === 'begin' && e.isolation === 'SNAPSHOT');
    const read = pool.requests.find((r) => r.transaction === begun?.transaction);
    if (!read) throw new Error('no request ran in the SNAPSHOT transaction');
    return read.session;
  }

  function expectReadCommittedOnSameConnection(pool: FakeMssqlPool, claim: RecordedRequest): void {
    // The claim reuses the very connection the SNAPSHOT transaction had: the case that matters.
    expect(claim.session, 'the claim ran on the connection the snapshot used').to.equal(snapshotSession(pool));
    expect(claim.isolation).to.equal('READ_COMMITTED');
  }

  it('after a cycle snapshot commits, the next statement on its connection runs under READ COMMITTED', async () => {
    const { pool, db } = open();
    await db.snapshot(async (reads) => reads.query('-- read-position.sql\nSELECT 1 AS position'));
    await db.query(CLAIM);
    expectReadCommittedOnSameConnection(pool, pool.last('claim-batch.sql'));
  });

  it('after a cycle snapshot fails and is rolled back, the next statement on its connection runs under READ COMMITTED', async () => {
    const { pool, db } = open();
    const failed = await db.snapshot(async (reads) => {
      await reads.query('-- read-position.sql\nSELECT 1 AS position');
      throw new Error('a chunk failed to build');
    }).catch((e: unknown) => e);
    expect((failed as Error).message).to.equal('a chunk failed to build');
    await db.query(CLAIM);
    expectReadCommittedOnSameConnection(pool, pool.last('claim-batch.sql'));
  });

  for (const n of [3961, 3960, 1205]) {
    it(`after the server itself rolls a cycle snapshot back (${n}), the next statement on its connection still runs under READ COMMITTED`, async () => {
      const { pool, db } = open();
      pool.answer('generated: fetch-rows ssd_person', sqlServerError(n));
      await db.snapshot(async (reads) => {
        await reads.query('-- read-position.sql\nSELECT 1 AS position');
        await reads.query('-- generated: fetch-rows ssd_person\nSELECT 1');
      }).catch(() => undefined);
      expect(pool.events.filter((e) => e.byServer)).to.have.length(1);
      await db.query(CLAIM);
      expectReadCommittedOnSameConnection(pool, pool.last('claim-batch.sql'));
    });
  }

  it('after a SNAPSHOT transaction (a fingerprint refresh) commits or is aborted by a conflict and run again, plain statements run under READ COMMITTED', async () => {
    const { pool, db } = open();
    pool.answer('generated: refresh-fingerprints ssd_person', sqlServerError(3960, 'Snapshot isolation transaction aborted due to update conflict'));
    await db.transaction(async (tx) => tx.query('-- generated: refresh-fingerprints ssd_person\nMERGE ssd_delta_fingerprint'), 'snapshot');
    expect(pool.events.map((e) => `${e.transaction}:${e.event}${e.byServer ? ' by server' : ''}`)).to.deep.equal(['1:begin', '1:rollback by server', '2:begin', '2:commit']);
    await db.query(CLAIM);
    expect(pool.last('claim-batch.sql').isolation).to.equal('READ_COMMITTED');
    await db.query(CLAIM);
    await db.query(CLAIM);
    expect(pool.requests.filter((r) => r.transaction === null).map((r) => r.isolation)).to.deep.equal(['READ_COMMITTED', 'READ_COMMITTED', 'READ_COMMITTED']);
  });

  it('the isolation a SNAPSHOT transaction leaves behind is reset by a batch of its own (a SET inside sp_executesql would end with it)', async () => {
    const { pool, db } = open();
    await db.snapshot(async (reads) => reads.query('-- read-position.sql\nSELECT 1 AS position'));
    const reset = pool.requests.find((r) => r.batch);
    expect(reset?.sql).to.match(/SET TRANSACTION ISOLATION LEVEL READ COMMITTED/);
    expect(reset?.transaction).to.equal(1);
  });

  it('a script run on the pool after the server rolled a snapshot back runs under READ COMMITTED, each of its batches (a CREATE, which must start its batch, excepted)', async () => {
    const { pool, db } = open();
    pool.answer('generated: fetch-rows ssd_person', sqlServerError(3961));
    await db.snapshot(async (reads) => reads.query('-- generated: fetch-rows ssd_person\nSELECT 1')).catch(() => undefined);
    await db.exec('IF 1 = 1 ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON;\nGO\nUPDATE STATISTICS [dbo].[ssd_delta_owner];\nGO\nCREATE TABLE x (a INT);');
    const [alter, stats, create] = pool.requests.slice(-3);
    expect(alter?.session).to.equal(snapshotSession(pool));
    expect([alter?.isolation, stats?.isolation]).to.deep.equal(['READ_COMMITTED', 'READ_COMMITTED']);
    expect(create?.sql.startsWith('CREATE TABLE')).to.equal(true);
  });

  it('a transaction begun READ COMMITTED on a connection left in SNAPSHOT runs under READ COMMITTED (the begin carries its level)', async () => {
    const { pool, db } = open();
    pool.answer('generated: fetch-rows ssd_person', sqlServerError(3961));
    await db.snapshot(async (reads) => reads.query('-- generated: fetch-rows ssd_person\nSELECT 1')).catch(() => undefined);
    await db.transaction(async (tx) => tx.query('-- record-sent.sql: stands for a write in a transaction\nUPDATE x'));
    expect(pool.last('record-sent.sql').isolation).to.equal('READ_COMMITTED');
  });
});
