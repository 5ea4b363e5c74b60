import { expect } from 'chai';
import { join } from 'node:path';
import { loadStreamDefinitions } from '../../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../../src/config/load-config.js';
import { TableBusyError } from '../../../src/core/errors.js';
import { mssqlConnection, SNAPSHOT_LOCK_TIMEOUT_MS } from '../../../src/source/mssql/mssql-connection.js';
import { mssqlSource } from '../../../src/source/mssql/mssql-source.js';
import { mssqlMigrationFiles } from '../../../src/source/mssql/schema-store.js';
import { mssqlReach, refreshFingerprintsSql } from '../../../src/source/mssql/stream-sql.js';
import { sqlFile } from '../../../src/source/sql-file.js';
import { sqlNames } from '../../../src/source/sql-names.js';
import { FakeMssqlPool, sqlServerError } from '../../helpers/fake-mssql-pool.js';
import { reachPlan } from '../../../src/source/reach-plan.js';
import { childrenOfSql } from '../../../src/source/reach-sql.js';

const STREAMS = loadStreamDefinitions(join(PACKAGE_ROOT, 'streams'));
const byName = (name: string) => STREAMS.find((s) => s.stream === name)!;

function open() {
  const pool = new FakeMssqlPool();
  const source = mssqlSource(mssqlConnection(pool, 'fake'), STREAMS, { stagingTable: 'la_staging', schema: 'ssd', ssdSchema: 'ssd_development', captureMode: 'fingerprint', tracking: { retentionDays: 7, autoCleanup: true } });
  return { pool, source };
}

describe('SQL Server adapter (fake pool)', () => {
  it('claims with READPAST, UPDLOCK, ROWLOCK and OUTPUT, every value bound with its type, and maps the rows', async () => {
    const { pool, source } = open();
    pool.answer('claim-batch.sql', [{ person_id: 'C1', json_payload: '{"a":1}', current_hash: 'h1', previous_json_payload: null, unconfirmed: '[{"a":0}]' }]);
    const started = new Date('2026-06-15T10:00:00Z');
    const claimed = await source.submissions.claimBatch('7f1c2b8e-0000-4000-8000-000000000001', 50, 300, false, { maxAttempts: 3, started, leasedBy: 'run 7f1c2b8e on host pid 1' });
    expect(claimed).to.deep.equal([{ personId: 'C1', json: '{"a":1}', hash: 'h1', previousJson: null, unconfirmedJson: '[{"a":0}]' }]);
    const claim = pool.last('claim-batch.sql');
    expect(claim.sql).to.match(/WITH \(READPAST, UPDLOCK, ROWLOCK\)/);
    expect(claim.sql).to.match(/SELECT TOP \(@size\)/);
    expect(claim.sql).to.match(/OUTPUT inserted\.person_id/);
    expect(claim.sql).to.include('FROM [ssd].[la_staging] WITH');
    expect(claim.sql).to.include('[ssd].ssd_delta_unconfirmed_with(');
    expect(claim.params).to.deep.equal([
      { name: 'batch_id', type: 'uniqueidentifier', value: '7f1c2b8e-0000-4000-8000-000000000001' },
      { name: 'size', type: 'int', value: 50 },
      { name: 'lease_seconds', type: 'int', value: 300 },
      { name: 'purge_deleted', type: 'bit', value: false },
      { name: 'max_attempts', type: 'int', value: 3 },
      { name: 'run_started', type: 'datetime2', value: started },
      { name: 'leased_by', type: 'nvarchar(max)', value: 'run 7f1c2b8e on host pid 1' },
    ]);
    expect(claim.transaction).to.equal(null);
  });

  it('takes over ended runs\' leases with OUTPUT deleted (the run, and whether the document changed, byte for byte), fenced until their lease ends; reads the run lock with APPLOCK_TEST, taking nothing', async () => {
    const { pool, source } = open();
    pool.answer('take-over-leases.sql', [
      { leased_by: 'run a on h pid 1', changed: true },
      { leased_by: 'run a on h pid 1', changed: false },
      { leased_by: null, changed: false },
    ]);
    const since = new Date('2026-06-15T10:00:00Z');
    expect(await source.submissions.takeOverLeases(since)).to.deep.equal([
      { leasedBy: 'run a on h pid 1', children: 2, changed: 1 },
      { leasedBy: null, children: 1, changed: 0 },
    ]);
    const taken = pool.last('take-over-leases.sql');
    expect(taken.sql).to.match(/OUTPUT deleted\.leased_by,/);
    expect(taken.sql).to.include('COLLATE Latin1_General_BIN2 = json_payload COLLATE Latin1_General_BIN2 THEN current_hash');
    expect(taken.sql).to.include('WHEN fence_until > lease_expires_at THEN fence_until');
    expect(taken.params).to.deep.equal([{ name: 'since', type: 'datetime2', value: since }]);
    expect(taken.transaction).to.equal(null);

    pool.answer(/APPLOCK_TEST/, [{ free: 0 }]);
    expect(await source.lock.running()).to.equal(true);
    pool.answer(/APPLOCK_TEST/, [{ free: 1 }]);
    expect(await source.lock.running()).to.equal(false);
    const test = pool.last("SELECT APPLOCK_TEST('public', @lock, 'Exclusive', 'Session')");
    expect(test.sql).to.include("APPLOCK_TEST('public', @lock, 'Exclusive', 'Session')");
    expect(test.params).to.deep.equal([{ name: 'lock', type: 'nvarchar(450)', value: 'ssd_delta_mark:ssd' }]);
  });

  it('writes a chunk in one transaction: marks, removals, owners, due days, then the watermark with the cycle', async () => {
    const { pool, source } = open();
    await source.staging.write({
      marks: [
        { kind: 'upsert', personId: 'C1', legacyId: null, json: '{}', hash: 'h', rowState: 'new', submissionStatus: 'pending', validationErrors: null, validUntil: '2027-04-01' },
        { kind: 'remove', personId: 'C2' },
      ],
      rebuiltChildren: ['C1'],
      owners: [{ stream: 'ssd_person', rowKey: 'C1', personId: 'C1' }],
      retimed: [{ personId: 'C3', day: null }],
      wakeups: [{ personId: 'C4', day: '2026-07-01' }],
      advance: { streams: ['ssd_person'], position: '77', day: '2026-06-15', buildKey: 'k' },
    });
    expect(pool.names()).to.deep.equal([
      'upsert-marks.sql', 'remove-unsent.sql', 'replace-owners.sql', 'set-valid-until.sql', 'clear-wakeups.sql', 'insert-wakeups.sql',
      'advance-watermark.sql', 'prune-change-log.sql', 'write-last-cycle.sql',
    ]);
    expect(new Set(pool.requests.map((r) => r.transaction))).to.deep.equal(new Set([1]));
    expect(pool.events.map((e) => e.event)).to.deep.equal(['begin', 'commit']);
    const rows = JSON.parse(String(pool.last('upsert-marks.sql').params[0]?.value)) as Array<Record<string, unknown>>;
    expect(rows[0]).to.deep.include({ person_id: 'C1', valid_until: '2027-04-01', row_state: 'new' });
    expect(pool.last('upsert-marks.sql').params[0]?.type).to.equal('nvarchar(max)');
    expect(pool.last('advance-watermark.sql').params).to.deep.include({ name: 'position', type: 'nvarchar(450)', value: '77' });
    expect(pool.last('write-last-cycle.sql').params).to.deep.include({ name: 'day', type: 'date', value: '2026-06-15' });
    expect(pool.last('prune-change-log.sql').params).to.deep.equal([{ name: 'retention_days', type: 'int', value: 7 }]);
    expect(pool.last('upsert-marks.sql').sql).to.include('MERGE [ssd].[la_staging] WITH (HOLDLOCK)');
  });

  it('rolls the chunk back when a statement fails, and writes nothing half', async () => {
    const { pool, source } = open();
    pool.answer('replace-owners.sql', sqlServerError(547, 'constraint'));
    const error = await source.staging.write({ marks: [], rebuiltChildren: ['C1'], owners: [] }).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('constraint');
    expect(pool.events.map((e) => e.event)).to.deep.equal(['begin', 'rollback']);
  });

  // SQL Server's replace-owners.sql inserts under NOT EXISTS ... WITH (UPDLOCK, HOLDLOCK): a second
  // writer waits rather than raising 2627, so only a fault could. The store's mapping is the same.
  it("would say OWNER_MAP_CONFLICT, as on Postgres, were the owner map's key violated (2627), without the key", async () => {
    const { pool, source } = open();
    pool.answer('replace-owners.sql', sqlServerError(2627, "Violation of PRIMARY KEY constraint 'ssd_delta_owner_pkey'. Cannot insert duplicate key in object 'ssd.ssd_delta_owner'. The duplicate key value is (ssd_person, 0x01, C1)."));
    const error = (await source.staging.write({ marks: [], rebuiltChildren: ['C1'], owners: [{ stream: 'ssd_person', rowKey: 'C1', personId: 'C1' }] }).catch((e: unknown) => e)) as { code?: string; message: string };
    expect(error.code).to.equal('OWNER_MAP_CONFLICT');
    expect(error.message).to.include('ssd_delta_owner_pkey').and.not.include('C1');
    expect(pool.events.map((e) => e.event)).to.deep.equal(['begin', 'rollback']);
    // Another statement's duplicate key is not the owner map's, whatever its constraint is called.
    const other = open();
    other.pool.answer('upsert-marks.sql', sqlServerError(2627, "Violation of UNIQUE KEY constraint 'ssd_delta_owner_queue_person_id_key'. Cannot insert duplicate key in object 'ssd.ssd_delta_owner_queue'."));
    const mark = { kind: 'upsert' as const, personId: 'C1', legacyId: null, json: '{}', hash: 'h', rowState: 'new' as const, submissionStatus: 'pending' as const, validationErrors: null, validUntil: null };
    const staging = (await other.source.staging.write({ marks: [mark], rebuiltChildren: [], owners: [] }).catch((e: unknown) => e)) as { code?: string; message: string };
    expect(staging.code).to.not.equal('OWNER_MAP_CONFLICT');
    expect(staging.message).to.match(/^Violation of UNIQUE KEY constraint 'ssd_delta_owner_queue_person_id_key'/);
  });

  it('runs a deadlock victim (1205) or a snapshot conflict (3960) again from the start, and gives up after 3 retries', async () => {
    const { pool, source } = open();
    pool.answer('upsert-marks.sql', sqlServerError(1205, 'deadlock victim'));
    pool.answer('upsert-marks.sql', sqlServerError(3960, 'snapshot conflict'));
    await source.staging.write({
      marks: [{ kind: 'upsert', personId: 'C1', legacyId: null, json: '{}', hash: 'h', rowState: 'new', submissionStatus: 'pending', validationErrors: null, validUntil: null }],
      rebuiltChildren: [],
      owners: [],
    });
    expect(pool.events.map((e) => `${e.transaction}:${e.event}`)).to.deep.equal(['1:begin', '1:rollback', '2:begin', '2:rollback', '3:begin', '3:commit']);

    const stuck = open();
    for (let i = 0; i < 4; i++) stuck.pool.answer('claim-batch.sql', sqlServerError(1205, 'deadlock victim'));
    const error = await stuck.source.submissions.claimBatch('7f1c2b8e-0000-4000-8000-000000000001', 1, 60, true, { maxAttempts: 3, started: new Date(), leasedBy: 'run 7f1c2b8e on host pid 1' }).catch((e: unknown) => e);
    expect((error as Error).message).to.equal('deadlock victim');
    expect(stuck.pool.names().filter((n) => n === 'claim-batch.sql')).to.have.length(4);
  });

  it('the run lock\'s transaction is never run again: a deadlock inside the cycle it holds (POSTs made) reaches the caller once', async () => {
    const { pool, source } = open();
    pool.answer(/sp_getapplock/, [{ result: 0 }]);
    let runs = 0;
    const error = await source.lock
      .whileHeld(async () => {
        runs += 1;
        throw Object.assign(sqlServerError(1205, 'deadlock victim'), {});
      })
      .catch((e: unknown) => e);
    expect(runs).to.equal(1);
    expect((error as Error).message).to.equal('deadlock victim');
    expect(pool.events.map((e) => e.event)).to.deep.equal(['begin', 'rollback']);
  });

  it('the run lock: held elsewhere (-1) skips; a failed call (-999) is an error, not "held"', async () => {
    const held = open();
    held.pool.answer(/sp_getapplock/, [{ result: -1 }]);
    expect(await held.source.lock.whileHeld(async () => 'ran')).to.deep.equal({ ran: false });
    const broken = open();
    broken.pool.answer(/sp_getapplock/, [{ result: -999 }]);
    expect(await broken.source.lock.whileHeld(async () => 'ran').catch((e: unknown) => (e as { code: string }).code)).to.equal('RUN_LOCK_FAILED');
  });

  it('the run lock: the cycle asks the lock\'s own transaction whether it still holds it (APPLOCK_MODE); no answer is "lost", never "held"', async () => {
    const { pool, source } = open();
    pool.answer(/sp_getapplock/, [{ result: 0 }]);
    pool.answer(/APPLOCK_MODE/, [{ mode: 'Exclusive' }]);
    pool.answer(/APPLOCK_MODE/, [{ mode: 'NoLock' }]);
    const held = await source.lock.whileHeld(async (stillHeld) => [await stillHeld(), await stillHeld(), await stillHeld()]);
    // Lost stays lost: the third asks nothing more of the session.
    expect(held).to.deep.equal({ ran: true, value: [true, false, false] });
    const probes = pool.requests.filter((r) => /APPLOCK_MODE/.test(r.sql));
    expect(probes).to.have.length(2);
    // On the transaction that took the lock, with the lock's name as a parameter.
    const taken = pool.requests.find((r) => /sp_getapplock/.test(r.sql));
    for (const p of probes) expect(p.transaction).to.equal(taken?.transaction);
    expect(probes[0]?.params).to.deep.equal(taken?.params);
    // A session that cannot answer (killed, cut off): lost.
    const dead = open();
    dead.pool.answer(/sp_getapplock/, [{ result: 0 }]);
    dead.pool.answer(/APPLOCK_MODE/, sqlServerError(233, 'the connection was closed'));
    expect(await dead.source.lock.whileHeld(async (stillHeld) => stillHeld())).to.deep.equal({ ran: true, value: false });
  });

  it('records an answer and its audit row in one transaction, receipts as JSON', async () => {
    const { pool, source } = open();
    await source.submissions.record({
      batchId: '7f1c2b8e-0000-4000-8000-000000000001', attemptedAt: new Date('2026-06-15T10:00:00Z'), durationMs: 12.4, attempt: 1, httpStatus: 200, outcome: 'sent', responseExcerpt: 'ok',
      children: [
        { personId: 'C1', hash: 'h1', json: '{}', sent: null, fate: { kind: 'sent', receipt: 'r1', receiptTimestamp: '2026-06-15T10:00:01' } },
        { personId: 'C2', hash: 'h2', json: '{}', sent: null, fate: { kind: 'error', error: '[1] bad' } },
        { personId: 'C3', hash: 'h3', json: '{}', sent: null, fate: { kind: 'released', error: 'timeout' } },
      ],
    });
    expect(pool.names()).to.deep.equal(['record-sent.sql', 'record-error.sql', 'release-children.sql', 'insert-attempt.sql']);
    expect(new Set(pool.requests.map((r) => r.transaction))).to.deep.equal(new Set([1]));
    const audit = pool.last('insert-attempt.sql');
    expect(audit.params).to.deep.include({ name: 'receipts', type: 'nvarchar(max)', value: '{"C1":"r1"}' });
    expect(audit.params).to.deep.include({ name: 'person_ids', type: 'nvarchar(max)', value: '["C1","C2","C3"]' });
    expect(audit.params).to.deep.include({ name: 'duration_ms', type: 'int', value: 12 });
  });

  it('closing the source closes the pool', async () => {
    const { pool, source } = open();
    expect(pool.closed).to.equal(false);
    await source.close();
    expect(pool.closed).to.equal(true);
  });

  it('maps history rows and lease renewals', async () => {
    const { pool, source } = open();
    pool.answer('child-history.sql', [{ attempted_at: '2026-06-15T10:00:00.000Z', batch_id: 'b', attempt: 1, child_count: 2, http_status: 200, outcome: 'sent', duration_ms: 5, receipt: 'r', response_excerpt: null }]);
    expect(await source.submissions.history('C1')).to.deep.equal([{ attemptedAt: '2026-06-15T10:00:00.000Z', batchId: 'b', attempt: 1, childCount: 2, httpStatus: 200, outcome: 'sent', durationMs: 5, receipt: 'r', responseExcerpt: '' }]);
    pool.answer('renew-lease.sql', [{ person_id: 'C1' }]);
    expect(await source.submissions.renewLease('7f1c2b8e-0000-4000-8000-000000000001', ['C1', 'C2'], 300)).to.deep.equal(['C1']);
    expect(pool.last('renew-lease.sql').params).to.deep.include({ name: 'person_ids', type: 'nvarchar(max)', value: '["C1","C2"]' });
  });

  it('fetches a stream with one set-based query per stream, ids as one JSON parameter, dates as YYYY-MM-DD text', async () => {
    const { pool, source } = open();
    pool.answer('generated: fetch-rows ssd_cla_placement', [{ ssd_delta_person_id: 'C1', ssd_delta_row_key: 'E1', clap_cla_placement_id: 'E1' }]);
    const rows = await source.rows.fetchRows(byName('ssd_cla_placement'), ['C1', 'C2']);
    expect(rows).to.deep.equal([{ personId: 'C1', rowKey: 'E1', row: { clap_cla_placement_id: 'E1' } }]);
    const fetch = pool.last('generated: fetch-rows ssd_cla_placement');
    expect(fetch.params).to.deep.equal([{ name: 'person_ids', type: 'nvarchar(max)', value: '["C1","C2"]' }]);
    expect(fetch.sql).to.match(/CONVERT\(CHAR\(10\), t0\.clap_cla_placement_start_date, 23\)/);
    expect(fetch.sql.split('\nUNION\n')).to.have.length(byName('ssd_cla_placement').reach.length);
  });

  it('maps changed keys to children through the table, the owner map and the fingerprints, composite keys split into parts', async () => {
    const { pool, source } = open();
    const factors = byName('ssd_assessment_factors');
    pool.answer(`generated: children-of ${factors.stream}`, [{ person_id: 'C1' }]);
    expect(await source.rows.childrenOf(factors, ['F1\u001fA1'])).to.deep.equal(['C1']);
    const touch = pool.last(`generated: children-of ${factors.stream}`);
    expect(touch.params).to.deep.equal([
      { name: 'keys', type: 'nvarchar(max)', value: '[["F1","A1"]]' },
      { name: 'row_keys', type: 'nvarchar(max)', value: '["F1\\u001fA1"]' },
      { name: 'stream', type: 'varchar(63)', value: 'ssd_assessment_factors' },
    ]);
    expect(touch.sql).to.include('JOIN [ssd].[ssd_delta_owner] AS o');
    expect(touch.sql).to.include('JOIN [ssd].[ssd_delta_fingerprint] AS f');
    // SSD tables are read in their own schema, ssd-delta's tables in its.
    expect(touch.sql).to.match(/JOIN \[ssd_development\]\.\[ssd_\w+\] AS t\d/);
    // Every branch of the UNION gives person_id in the database's collation (an SSD copied from tempdb may have another: 451).
    for (const branch of touch.sql.split('UNION ALL').filter((b) => !/ssd_delta_(owner|fingerprint)/.test(b))) expect(branch).to.include('COLLATE DATABASE_DEFAULT AS person_id');
  });

  it("compares row keys byte for byte: composite keys ('1','23') and ('12','3') stay apart under a Windows collation, which gives U+001F no weight", async () => {
    const names = sqlNames('mssql', { schema: 'ssd', ssdSchema: 'ssd_development', stagingTable: 'la_staging' });
    const factors = byName('ssd_assessment_factors');
    expect(factors.key).to.have.length(2);
    // The columns that hold row keys are binary (and so is every index on them).
    const migration = sqlFile('mssql', 'migrations/0008_binary_row_keys.sql', names);
    for (const table of ['ssd_delta_owner', 'ssd_delta_fingerprint']) {
      expect(migration).to.include(`ALTER TABLE [ssd].${table} ALTER COLUMN row_key NVARCHAR(300) COLLATE Latin1_General_100_BIN2 NOT NULL;`);
    }
    // Tracking of the fingerprints is back on in the same transaction, and every stream re-baselines: nothing refreshed meanwhile is missed.
    expect(migration).to.match(/ADD CONSTRAINT ssd_delta_fingerprint_pkey PRIMARY KEY \(stream, row_key\);\s+IF @tracked = 1\s+BEGIN\s+ALTER TABLE \[ssd\]\.ssd_delta_fingerprint ENABLE CHANGE_TRACKING WITH \(TRACK_COLUMNS_UPDATED = OFF\);\s+(--[^\n]*\s+)?DELETE FROM \[ssd\]\.ssd_delta_watermark;/);
    // A signature holds the largest key (up to 300 characters): NVARCHAR(200) could not.
    expect(migration).to.include('ALTER COLUMN signature NVARCHAR(MAX) NULL;');
    // Every comparison of a row key computed from the SSD, or sent in, says the same collation.
    const touch = childrenOfSql(reachPlan(factors), true, mssqlReach(names));
    expect(touch).to.include('o.row_key = r.row_key COLLATE Latin1_General_100_BIN2');
    expect(touch).to.include('f.row_key = r.row_key COLLATE Latin1_General_100_BIN2');
    expect(refreshFingerprintsSql(factors, names)).to.match(/NCHAR\(31\), ISNULL\(CONVERT\(NVARCHAR\(300\), t0\.\w+\), N''\)\) COLLATE Latin1_General_100_BIN2 AS row_key/);
    const owners = sqlFile('mssql', 'queries/replace-owners.sql', names);
    expect(owners).to.include('row_key NVARCHAR(300) COLLATE Latin1_General_100_BIN2 NOT NULL');
    expect(owners).to.include('SELECT DISTINCT stream, row_key COLLATE Latin1_General_100_BIN2, person_id');
  });

  it('runs a fingerprint refresh that met a nightly TRUNCATE or index rebuild (3961) again from the start, in a new snapshot', async () => {
    const { pool, source } = open();
    const streams = [byName('ssd_disability')];
    pool.answer('read-signature.sql', [{ stream: 'ssd_disability', signature: '3/D3/8', seen_signature: '4/D4/9', empty_for_ms: null }]);
    pool.answer('generated: signature ssd_disability', [{ signature: '4/D4/9' }]);
    pool.answer(/^SELECT CAST\(CASE WHEN EXISTS/, [{ empty: false }]);
    pool.answer('generated: refresh-fingerprints ssd_disability', sqlServerError(3961, 'Snapshot isolation transaction failed in database because the object accessed by the statement has been modified by a DDL statement'));
    pool.answer('generated: refresh-fingerprints ssd_disability', [{ inserted: 0, updated: 2, deleted: 0 }]);
    const reports = await source.capture.refresh(streams, { onlyMoved: true, reloadGraceMs: 60_000 });
    expect(reports).to.deep.equal([{ stream: 'ssd_disability', inserted: 0, updated: 2, deleted: 0 }]);
    expect(pool.events.map((e) => `${e.event}${e.isolation ? ` ${e.isolation}` : ''}${e.byServer ? ' by server' : ''}`)).to.deep.equal(['begin SNAPSHOT', 'rollback by server', 'begin SNAPSHOT', 'commit']);
    expect(pool.names().filter((n) => n === 'write-signature.sql')).to.have.length(1);
  });

  /** A poll of ssd_person (unmoved since its refresh) and ssd_disability (whose signature read each test answers). */
  function settledPoll() {
    const { pool, source } = open();
    pool.answer('read-signature.sql', [
      { stream: 'ssd_person', signature: '10/P9/123', seen_signature: '10/P9/123', empty_for_ms: null },
      { stream: 'ssd_disability', signature: '3/D3/8', seen_signature: '3/D3/8', empty_for_ms: null },
    ]);
    pool.answer('generated: signature ssd_person', [{ signature: '10/P9/123' }]);
    return { pool, source, streams: [byName('ssd_person'), byName('ssd_disability')] };
  }

  it("a poll reads SSD tables under SNAPSHOT with a lock timeout, outside any transaction: a load's open transaction makes its table busy, named, not a poll stalled until the request times out", async () => {
    const { pool, source, streams } = settledPoll();
    pool.answer('generated: signature ssd_disability', sqlServerError(1222, 'Lock request time out period exceeded.'));
    const error = await source.capture.refresh(streams, { onlyMoved: true }).catch((e: unknown) => e);
    // A cycle holds for a TableBusyError (build-pipeline), naming the table, and fails only once the grace has passed.
    expect(error).to.be.instanceOf(TableBusyError);
    expect([(error as TableBusyError).code, (error as TableBusyError).table]).to.deep.equal(['SSD_TABLE_LOCKED', 'ssd_disability']);
    for (const read of pool.requests.filter((r) => r.name.startsWith('generated: signature'))) {
      expect([read.transaction, read.isolation], read.name).to.deep.equal([null, 'SNAPSHOT']);
      expect(read.sql).to.include(`SET LOCK_TIMEOUT ${SNAPSHOT_LOCK_TIMEOUT_MS};`);
    }
    // Set in the statement's own text: the pooled session keeps READ COMMITTED.
    pool.answer('read-table-guard.sql', []);
    await source.capture.tableMemory(['ssd_person']);
    expect(pool.last('read-table-guard.sql').isolation).to.equal('READ_COMMITTED');
  });

  it("a lock wait ends before the driver's request timeout, so SQL Server's 1222 (naming the table) is what arrives", async () => {
    const pool = new FakeMssqlPool();
    const db = mssqlConnection(pool, 'fake', 20_000);
    pool.answer('generated: x', [{ n: 1 }]);
    await db.readLatest('-- generated: x\nSELECT 1 AS n');
    await db.snapshot((reads) => reads.query('-- generated: x\nSELECT 1 AS n'));
    for (const r of pool.requests.filter((q) => q.name === 'generated: x')) expect(r.sql).to.include('SET LOCK_TIMEOUT 15000;');
    expect(pool.requests.filter((q) => q.name === 'generated: x')).to.have.length(2);
  });

  it('refreshes only streams whose signature moved, each MERGE with its signature in one transaction behind the refresh lock', async () => {
    const { pool, source, streams } = settledPoll();
    pool.answer('generated: signature ssd_disability', [{ signature: '4/D4/9' }]);
    pool.answer(/^SELECT CAST\(CASE WHEN EXISTS/, [{ empty: false }]);
    pool.answer('generated: refresh-fingerprints ssd_disability', [{ inserted: 1, updated: 0, deleted: 0 }]);
    const reports = await source.capture.refresh(streams, { onlyMoved: true, reloadGraceMs: 60_000 });
    expect(reports).to.deep.equal([{ stream: 'ssd_disability', inserted: 1, updated: 0, deleted: 0 }]);
    const merge = pool.last('generated: refresh-fingerprints ssd_disability');
    expect(merge.sql).to.match(/MERGE target AS f/);
    expect(merge.sql).to.match(/WHEN NOT MATCHED BY SOURCE AND f\.deleted = 0\s+THEN UPDATE SET deleted = 1/);
    expect(merge.sql).to.include("HASHBYTES('SHA2_256'");
    // Stream names are bound as VARCHAR(63), the columns' type: NVARCHAR would convert the column and scan.
    expect(merge.params).to.deep.equal([{ name: 'stream', type: 'varchar(63)', value: 'ssd_disability' }]);
    const inTx = pool.requests.filter((r) => r.transaction === merge.transaction).map((r) => r.sql);
    expect(inTx[0]).to.match(/sp_getapplock @Resource = @lock/);
    expect(pool.requests.find((r) => r.transaction === merge.transaction)?.params).to.deep.include({ name: 'lock', type: 'nvarchar(450)', value: 'ssd_delta_refresh:ssd' });
    expect(merge.transaction).to.equal(pool.last('write-signature.sql').transaction);
    // SNAPSHOT: the signature stored is read from the same rows the MERGE diffs.
    expect(pool.events.find((e) => e.transaction === merge.transaction && e.event === 'begin')?.isolation).to.equal('SNAPSHOT');
    expect(inTx[1]).to.match(/^-- generated: signature ssd_disability/);
    expect(pool.names()).to.not.include('generated: refresh-fingerprints ssd_person');
    // What is stored is read once for every stream; fingerprints are not counted for a table with rows.
    expect(pool.names().filter((n) => n === 'read-signature.sql')).to.have.length(1);
    expect(pool.last('read-signature.sql').params).to.deep.equal([{ name: 'streams', type: 'nvarchar(max)', value: '["ssd_person","ssd_disability"]' }]);
    expect(pool.names()).to.not.include('has-live-fingerprints.sql');
    // The signature hashes each row whole (BINARY_CHECKSUM alone reads 255 characters of an NVARCHAR(MAX)).
    expect(pool.last('generated: signature ssd_disability').sql).to.match(/CHECKSUM_AGG\(BINARY_CHECKSUM\(HASHBYTES\('SHA2_256'/);
  });

  it('keys a stream whose keys a reload regenerates by its content, and waits for an empty table that had rows', async () => {
    const { pool, source } = open();
    const leavers = byName('ssd_care_leavers');
    const person = byName('ssd_person');
    expect(leavers.keyStable).to.equal(false);
    pool.answer('read-signature.sql', [{ stream: 'ssd_person', signature: '5/P5/1', seen_signature: '0//', empty_for_ms: null }]);
    pool.answer('generated: signature ssd_person', [{ signature: '0//' }]);
    pool.answer(/^SELECT CAST\(CASE WHEN EXISTS/, [{ empty: true }]);
    pool.answer('has-live-fingerprints.sql', [{ live: true }]);
    const [held] = await source.capture.refresh([person], { onlyMoved: true, reloadGraceMs: 60_000, waitForSettledLoads: true });
    expect(held?.skipped).to.match(/ssd_person is empty but held rows at the last refresh: waiting up to capture\.reloadGraceMinutes/);
    expect(pool.last('mark-empty.sql').params).to.deep.equal([{ name: 'stream', type: 'varchar(63)', value: 'ssd_person' }]);
    expect(pool.names()).to.not.include('generated: refresh-fingerprints ssd_person');
    // `ssd-delta refresh` (onlyMoved false) refreshes it all the same; a content-keyed stream's key is a hash of its content.
    await source.capture.refresh([leavers], { onlyMoved: false });
    const merge = pool.last('generated: refresh-fingerprints ssd_care_leavers');
    expect(merge.sql).to.match(/SELECT CONVERT\(NVARCHAR\(64\), HASHBYTES\('SHA2_256', CONCAT\(/);
    expect(merge.sql).to.not.match(/SELECT CONVERT\(NVARCHAR\(300\), t0\.clea_table_id\) AS row_key/);
  });

  it('sets READ COMMITTED again before a SNAPSHOT transaction commits (the pool hands the connection on as it is)', async () => {
    const { pool, source } = open();
    pool.answer('read-position.sql', [{ position: '1' }]);
    await source.capture.readChanges([byName('ssd_person')]);
    const last = pool.requests.filter((r) => r.transaction === 1).at(-1);
    expect(last?.sql).to.equal('SET TRANSACTION ISOLATION LEVEL READ COMMITTED;');
  });

  it("refuses to adopt a staging table it did not make (the DfE reference sender's), before changing anything", async () => {
    const { pool, source } = open();
    pool.answer(/^SELECT CAST\(SERVERPROPERTY/, [{ version: '13.0.5026.0', compatibility: 130 }]);
    pool.answer('read-schemas.sql', [{ own: true, ssd: true }]);
    pool.answer('read-table-columns.sql', ['id', 'person_id', 'json_payload', 'current_hash', 'previous_hash', 'submission_status', 'api_response'].map((name) => ({ name })));
    const error = await source.schema.migrate().catch((e: unknown) => e);
    expect((error as Error).message).to.match(/^\[ssd\]\.\[la_staging\] already exists and is not ssd-delta's: it has no row_state, attempt_count, offered_at, batch_id, lease_expires_at columns/);
    expect(pool.last('read-table-columns.sql').params).to.deep.equal([{ name: 'schema', type: 'nvarchar(450)', value: 'ssd' }, { name: 'table', type: 'nvarchar(450)', value: 'la_staging' }]);
    expect(pool.requests.some((r) => /CREATE TABLE \[ssd\]\.\[la_staging\]|ALTER TABLE/.test(r.sql)), 'no migration ran').to.equal(false);
    expect(pool.events.map((e) => e.event)).to.deep.equal(['begin', 'rollback']);
  });

  it('migrates behind an application lock in one transaction, each file once, with the schema and staging names filled in', async () => {
    const { pool, source } = open();
    pool.answer(/^SELECT CAST\(SERVERPROPERTY/, [{ version: '13.0.5026.0', compatibility: 130 }]);
    pool.answer('read-schemas.sql', [{ own: true, ssd: true }]);
    pool.answer('read-ledger.sql', [{ name: '0001_staging.sql' }]);
    const report = await source.schema.migrate();
    expect(report.alreadyApplied).to.deep.equal(['0001_staging.sql']);
    expect(report.applied).to.deep.equal(mssqlMigrationFiles().slice(1));
    const inTx = pool.requests.filter((r) => r.transaction === 1);
    expect(inTx[0]?.sql).to.match(/sp_getapplock @Resource = @lock, @LockMode = 'Exclusive', @LockOwner = 'Transaction'/);
    expect(inTx[0]?.params).to.deep.include({ name: 'lock', type: 'nvarchar(450)', value: 'ssd_delta_migrate:ssd' });
    const all = inTx.map((r) => r.sql).join('\n');
    expect(all).to.not.include('{{');
    expect(all).to.include('CREATE OR ALTER FUNCTION [ssd].ssd_delta_unconfirmed_with');
    expect(all).to.include('ALTER TABLE [ssd].[la_staging] ADD valid_until');
    expect(all).to.not.match(/^\s*GO\s*$/m);
    expect(pool.events.map((e) => e.event)).to.deep.equal(['begin', 'commit']);
  });

  it('refuses SQL Server before 2016 and databases below compatibility level 130, saying what to do', async () => {
    const old = open();
    old.pool.answer(/^SELECT CAST\(SERVERPROPERTY/, [{ major: 12, version: '12.0.6024.0', compatibility: 120 }]);
    expect(((await old.source.schema.migrate().catch((e: unknown) => e)) as Error).message).to.match(/runs SQL Server 12\.0\.6024\.0; ssd-delta needs SQL Server 2016 SP1/);
    const level = open();
    level.pool.answer(/^SELECT CAST\(SERVERPROPERTY/, [{ major: 15, version: '15.0.2000.5', compatibility: 110 }]);
    expect(((await level.source.schema.migrate().catch((e: unknown) => e)) as Error).message).to.match(/compatibility level 110; .*OPENJSON.*130/);
  });

  /** The SSD's own list of children (its statement has no name: its text is its name). */
  const SSD_CHILDREN = /^SELECT DISTINCT CONVERT\(NVARCHAR\(48\), \[?pers_person_id/;
  const lastMatching = (pool: FakeMssqlPool, name: RegExp) => [...pool.requests].reverse().find((r) => name.test(r.name))!;

  it('reads the SSD for a dry build in one SNAPSHOT transaction where allowed, else statement by statement (before init), never failing with 3952', async () => {
    const { pool, source } = open();
    pool.answer(SSD_CHILDREN, [{ person_id: 'C1' }]);
    // ALLOW_SNAPSHOT_ISOLATION on (init sets it): one snapshot.
    expect(await source.readRows(async (rows, oneSnapshot) => [await rows.ssdChildren(), oneSnapshot])).to.deep.equal([['C1'], true]);
    expect(pool.events.map((e) => [e.event, e.isolation])).to.deep.equal([['begin', 'SNAPSHOT'], ['commit', undefined]]);
    expect(lastMatching(pool, SSD_CHILDREN).transaction).to.equal(1);

    // Off, as on an LA's database before anything is installed: what a snapshot would do fails.
    pool.snapshotIsolation = false;
    let refused: unknown;
    await source.cycleView((view) => view.rows.ssdChildren()).catch((error: unknown) => (refused = error));
    expect(String(refused)).to.match(/snapshot isolation is not allowed/);
    pool.events.length = 0;
    pool.answer(SSD_CHILDREN, [{ person_id: 'C1' }]);
    pool.answer('generated: fetch-rows ssd_person', [{ person_id: 'C1', pers_person_id: 'C1' }]);
    const read = await source.readRows(async (rows, oneSnapshot) => [await rows.ssdChildren(), (await rows.fetchRows(byName('ssd_person'), ['C1'])).length, oneSnapshot]);
    expect(read).to.deep.equal([['C1'], 1, false]);
    expect(pool.events, 'no transaction').to.deep.equal([]);
    const children = lastMatching(pool, SSD_CHILDREN);
    expect([children.transaction, children.isolation]).to.deep.equal([null, 'READ_COMMITTED']);
    expect(children.sql, 'waits for a lock at most as long as a snapshot read does').to.include(`SET LOCK_TIMEOUT ${SNAPSHOT_LOCK_TIMEOUT_MS};`);
    expect(children.sql, "the LA's load is never the deadlock victim").to.include('SET DEADLOCK_PRIORITY LOW;');
  });

  it('reads statement by statement while snapshot isolation is being switched on (state 3: no snapshot can start yet)', async () => {
    const { pool, source } = open();
    pool.answer('generated: read isolation facts', [{ state: 3, compatibility: 130 }]);
    expect(await source.readRows(async (_rows, oneSnapshot) => oneSnapshot)).to.equal(false);
    expect(pool.events).to.deep.equal([]);
  });

  it('reads a chunk one table at a time where it reads without a snapshot, and names a table a load holds past the wait, with what to do', async () => {
    const { pool, source } = open();
    pool.snapshotIsolation = false;
    const streams = STREAMS.filter((s) => s.table !== 'ssd_person').slice(0, 4);
    await source.readRows(async (rows) => {
      await Promise.all(streams.map((def) => rows.fetchRows(def, ['C1'])));
      return null;
    });
    const fetches = pool.requests.filter((r) => r.name.startsWith('generated: fetch-rows'));
    expect(fetches).to.have.length(4);
    // Asked for at once, as a chunk's fetch asks: sent one after another, so one session served them all.
    expect(new Set(fetches.map((r) => r.session)).size).to.equal(1);
    pool.answer('generated: fetch-rows ssd_cla_episodes', sqlServerError(1222, 'Lock request time out period exceeded.'));
    let busy: unknown;
    await source.readRows((rows) => rows.fetchRows(byName('ssd_cla_episodes'), ['C1'])).catch((error: unknown) => (busy = error));
    expect(busy).to.be.instanceOf(TableBusyError);
    expect((busy as TableBusyError).table).to.equal('ssd_cla_episodes');
    expect(String((busy as Error).message)).to.match(/^ssd_cla_episodes is being written by another transaction .* Run them outside the load window/);
    expect(String((busy as Error).message)).to.not.include('next cycle');
  });

  it('refuses a database below compatibility level 130 before reading it, as init does (every fetch needs OPENJSON)', async () => {
    const { pool, source } = open();
    pool.answer('generated: read isolation facts', [{ state: 0, compatibility: 120 }]);
    let refused: unknown;
    await source.readRows(async () => null).catch((error: unknown) => (refused = error));
    expect(String(refused)).to.match(/compatibility level 120; ssd-delta reads its batches with OPENJSON/);
  });
});
