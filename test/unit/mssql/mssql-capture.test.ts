import { expect } from 'chai';
import { join } from 'node:path';
import { loadStreamDefinitions } from '../../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../../src/config/load-config.js';
import { SchemaError } from '../../../src/core/errors.js';
import { mssqlConnection, SNAPSHOT_LOCK_TIMEOUT_MS } from '../../../src/source/mssql/mssql-connection.js';
import { mssqlSource } from '../../../src/source/mssql/mssql-source.js';
import { directChangesSql } from '../../../src/source/mssql/stream-sql.js';
import { sqlNames } from '../../../src/source/sql-names.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createDocumentHasher } from '../../../src/payload/canonical-hash.js';
import { markChanges } from '../../../src/pipeline/build-pipeline.js';
import { FakeMssqlPool, sqlServerError } from '../../helpers/fake-mssql-pool.js';
import { unqualifiedNames } from '../../helpers/unqualified-names.js';

const STREAMS = loadStreamDefinitions(join(PACKAGE_ROOT, 'streams'));
const person = STREAMS.find((s) => s.stream === 'ssd_person')!;
const factors = STREAMS.find((s) => s.stream === 'ssd_assessment_factors')!;

function open(mode: 'fingerprint' | 'direct' = 'fingerprint') {
  const pool = new FakeMssqlPool();
  const source = mssqlSource(mssqlConnection(pool, 'fake'), STREAMS, { stagingTable: 'ssd_api_data_staging', schema: 'dbo', ssdSchema: 'dbo', captureMode: mode, tracking: { retentionDays: 7, autoCleanup: true } });
  return { pool, source };
}

/** A direct-mode source whose database has ssd_person (keyed on its stream key) and ssd_assessment_factors keyed on `factorsKey`. */
function directInit(factorsKey: readonly string[]) {
  const opened = open('direct');
  opened.pool.answer(/^SELECT name FROM sys\.tables/, [{ name: 'ssd_person' }, { name: 'ssd_assessment_factors' }]);
  opened.pool.answer(/^SELECT t\.name AS table_name, c\.name AS column_name/, [
    { table_name: 'ssd_person', column_name: 'pers_person_id' },
    ...factorsKey.map((k) => ({ table_name: 'ssd_assessment_factors', column_name: k })),
  ]);
  return opened;
}

/** One direct-mode marking cycle run to its end (every table 40 rows), and the SNAPSHOT transaction it read in. */
async function markedCycle() {
  const { pool, source } = directCycle();
  for (const s of STREAMS) pool.answer(`generated: table count ${s.stream}`, [{ stream: s.stream, n: '40' }]);
  await markChanges({ source, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock('2026-06-15'), logger: silentLogger(), chunkSize: 100 });
  return { pool, snapshot: pool.events.find((e) => e.event === 'begin' && e.isolation === 'SNAPSHOT')?.transaction };
}

/** Every statement marking writes with. */
const WRITES = /upsert-marks|remove-unsent|replace-owners|set-valid-until|clear-wakeups|insert-wakeups|advance-watermark|prune-change-log|write-last-cycle|write-marked-rows/;

const watermarks = (position: string, minValid: string | null) => STREAMS.map((s) => ({ stream: s.stream, position, min_valid: minValid }));

/** A direct-mode source scripted for one marking cycle: the lock taken, and one changed person row (P1). */
function directCycle(lockModes: readonly string[] = ['Exclusive', 'Exclusive']) {
  const opened = open('direct');
  opened.pool.answer(/sp_getapplock/, [{ result: 0 }]);
  // Marking asks the lock's session before each write (the chunk's, then the last): still held.
  for (const mode of lockModes) opened.pool.answer(/APPLOCK_MODE/, [{ mode }]);
  opened.pool.answer('read-position.sql', [{ position: '120' }]);
  opened.pool.answer('read-watermarks.sql', watermarks('100', '90'));
  opened.pool.answer('generated: read-changes (direct) ssd_person', [{ stream: 'ssd_person', kind: 'row', row_key: 'P1', n: 1, age_ms: 0 }]);
  opened.pool.answer('generated: children-of ssd_person', [{ person_id: 'P1' }]);
  // Earlier cycles stored every table's rows (a database marked before that would hold once).
  opened.pool.answer('read-table-guard.sql', STREAMS.map((s) => ({ stream: s.stream, marked_rows: '40', held_seen: null, held_for_ms: null })));
  return opened;
}

describe('SQL Server capture protocol (fake pool)', () => {
  it('reads the current version first, then the watermarks, then CHANGETABLE, in one SNAPSHOT transaction', async () => {
    const { pool, source } = open();
    pool.answer('read-position.sql', [{ position: '120' }]);
    pool.answer('read-watermarks.sql', watermarks('100', '90'));
    pool.answer('read-changes.sql', [
      { stream: 'ssd_person', kind: 'row', row_key: 'P1', n: 1, age_ms: 5 },
      { stream: 'ssd_person', kind: 'row', row_key: 'P2', n: 1, age_ms: 3 },
    ]);
    const batch = await source.capture.readChanges(STREAMS);
    expect(pool.names()).to.deep.equal(['read-position.sql', 'read-watermarks.sql', 'read-changes.sql', 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED;']);
    expect(pool.events).to.deep.equal([
      { transaction: 1, event: 'begin', isolation: 'SNAPSHOT' },
      { transaction: 1, event: 'commit' },
    ]);
    expect(pool.requests.every((r) => r.transaction === 1)).to.equal(true);
    expect(batch.position).to.equal('120');
    expect(batch.baselineStreams).to.deep.equal([]);
    expect(batch.changes.map((c) => c.rowKey)).to.deep.equal(['P1', 'P2']);
    const read = pool.last('read-changes.sql');
    expect(read.params).to.deep.include({ name: 'from_version', type: 'bigint', value: '100' });
    expect(read.params).to.deep.include({ name: 'to_version', type: 'bigint', value: '120' });
    const streams = read.params.find((p) => p.name === 'streams');
    expect(streams?.type).to.equal('nvarchar(max)');
    expect(JSON.parse(String(streams?.value))).to.have.members(STREAMS.map((s) => s.stream));
    // Fingerprint mode: every stream is read from ssd_delta_fingerprint's Change Tracking.
    const asked = JSON.parse(String(pool.last('read-watermarks.sql').params[0]?.value)) as Array<{ tracked_table: string }>;
    expect(new Set(asked.map((a) => a.tracked_table))).to.deep.equal(new Set(['[dbo].[ssd_delta_fingerprint]']));
  });

  it('starts CHANGETABLE at the oldest watermark and filters each stream by its own', async () => {
    const { pool, source } = open();
    pool.answer('read-position.sql', [{ position: '500' }]);
    pool.answer('read-watermarks.sql', STREAMS.map((s, i) => ({ stream: s.stream, position: String(400 + i), min_valid: '10' })));
    await source.capture.readChanges(STREAMS);
    expect(pool.last('read-changes.sql').params).to.deep.include({ name: 'from_version', type: 'bigint', value: '400' });
    expect(pool.last('read-changes.sql').sql).to.match(/ct\.SYS_CHANGE_VERSION > CAST\(w\.position AS BIGINT\)/);
  });

  for (const c of [
    { what: 'below CHANGE_TRACKING_MIN_VALID_VERSION', stream: 'ssd_person', position: '100', says: /^watermark 100 is below the oldest version .* \(500\): retention passed, the table was truncated/ },
    { what: 'ahead of the current version (its versions went back)', stream: 'ssd_address', position: '5000', says: /^watermark 5000 is ahead of the database's Change Tracking version \(900\): its versions went back/ },
  ]) {
    it(`re-baselines a stream whose watermark is ${c.what}, and says why`, async () => {
      const { pool, source } = open();
      pool.answer('read-position.sql', [{ position: '900' }]);
      pool.answer('read-watermarks.sql', STREAMS.map((s) => ({ stream: s.stream, position: s.stream === c.stream ? c.position : '800', min_valid: '500' })));
      const batch = await source.capture.readChanges(STREAMS);
      expect(batch.baselineStreams).to.deep.equal([c.stream]);
      expect(batch.rebaselined?.map((r) => r.stream)).to.deep.equal([c.stream]);
      expect(batch.rebaselined?.[0]?.reason).to.match(c.says);
      // Every child is evaluated: nothing else needs reading, and the position still advances to the version read first.
      expect(pool.names()).to.not.include('read-changes.sql');
      expect(batch.position).to.equal('900');
    });
  }

  it('a stream with no watermark yet is a baseline; watermark comparisons are numeric, not text', async () => {
    const { pool, source } = open();
    pool.answer('read-position.sql', [{ position: '1000' }]);
    // '99' < '100' as numbers but not as text: no re-baseline must follow from text order.
    pool.answer('read-watermarks.sql', STREAMS.filter((s) => s.stream !== 'ssd_address').map((s) => ({ stream: s.stream, position: '100', min_valid: '99' })));
    const batch = await source.capture.readChanges(STREAMS);
    expect(batch.baselineStreams).to.deep.equal(['ssd_address']);
    expect(batch.rebaselined).to.deep.equal([]);
  });

  it('direct mode reads each SSD table from its own watermark with CHANGETABLE on that table', async () => {
    const { pool, source } = open('direct');
    pool.answer('read-position.sql', [{ position: '50' }]);
    pool.answer('read-watermarks.sql', STREAMS.map((s) => ({ stream: s.stream, position: s.stream === 'ssd_person' ? '40' : '45', min_valid: '1' })));
    pool.answer('generated: read-changes (direct) ssd_person', [{ stream: 'ssd_person', kind: 'row', row_key: 'P9', n: 1, age_ms: 0 }]);
    const batch = await source.capture.readChanges(STREAMS);
    const reads = pool.requests.filter((r) => r.name.startsWith('generated: read-changes (direct)'));
    expect(reads).to.have.length(STREAMS.length);
    const personRead = pool.last('generated: read-changes (direct) ssd_person');
    expect(personRead.sql).to.include('CHANGETABLE(CHANGES [dbo].[ssd_person], @from_version)');
    expect(personRead.params).to.deep.include({ name: 'from_version', type: 'bigint', value: '40' });
    expect(pool.last('generated: read-changes (direct) ssd_address').params).to.deep.include({ name: 'from_version', type: 'bigint', value: '45' });
    expect(batch.changes).to.have.length(1);
    const asked = JSON.parse(String(pool.last('read-watermarks.sql').params[0]?.value)) as Array<{ stream: string; tracked_table: string }>;
    expect(asked.find((a) => a.stream === 'ssd_person')?.tracked_table).to.equal('[dbo].[ssd_person]');
  });

  it('direct mode joins composite keys with U+001F, the same text as Postgres', () => {
    const sql = directChangesSql(factors, sqlNames('mssql', { schema: 'dbo', ssdSchema: 'dbo', stagingTable: 'ssd_api_data_staging' }));
    expect(factors.key).to.have.length(2);
    expect(sql).to.include(`CONCAT(ISNULL(CONVERT(NVARCHAR(300), ct.${factors.key[0]}), N''), NCHAR(31), ISNULL(CONVERT(NVARCHAR(300), ct.${factors.key[1]}), N''))`);
  });

  it('says how to fix it when Change Tracking is off for the database or a table', async () => {
    const off = open();
    off.pool.answer('read-position.sql', [{ position: null }]);
    const error = await off.source.capture.readChanges(STREAMS).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SchemaError);
    expect((error as Error).message).to.match(/Change Tracking is not enabled on this database; run `ssd-delta init`/);
    expect(off.pool.events.map((e) => e.event)).to.deep.equal(['begin', 'rollback']);

    const table = open('direct');
    table.pool.answer('read-position.sql', [{ position: '5' }]);
    table.pool.answer('read-watermarks.sql', [{ stream: 'ssd_person', position: '1', min_valid: null }]);
    const tableError = await table.source.capture.readChanges([person]).catch((e: unknown) => e);
    expect((tableError as Error).message).to.match(/Change Tracking is not enabled on \[dbo\]\.\[ssd_person\]/);
  });

  it('init enables snapshot isolation and Change Tracking with the configured retention, then tracks the fingerprint table', async () => {
    const { pool, source } = open();
    pool.answer(/^SELECT name FROM sys\.tables/, STREAMS.map((s) => ({ name: s.table })));
    const done = await source.capture.install(STREAMS);
    expect(done).to.have.length(STREAMS.length);
    const sql = pool.requests.map((r) => r.sql).join('\n');
    expect(sql).to.include('ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON');
    expect(sql).to.include('CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON)');
    expect(sql).to.include('ALTER TABLE [dbo].[ssd_delta_fingerprint] ENABLE CHANGE_TRACKING');
    expect(sql).to.not.include('ALTER TABLE [dbo].[ssd_person] ENABLE CHANGE_TRACKING');
    // The tables are looked for in the SSD's schema only.
    expect(pool.requests.find((r) => r.name.startsWith('SELECT name FROM sys.tables'))?.params).to.deep.include({ name: 'schema', type: 'nvarchar(450)', value: 'dbo' });
  });

  it('init only ever raises an existing Change Tracking retention, and leaves its AUTO_CLEANUP as another consumer set it, saying so', async () => {
    const { pool, source } = open();
    pool.answer(/^SELECT CASE retention_period_units /, [{ minutes: 14 * 1440, auto_cleanup: false }]);
    const said: string[] = [];
    await source.capture.install(STREAMS, (line) => said.push(line));
    expect(said).to.deep.equal([
      'Change Tracking retention left at 20160 minutes, longer than capture.retentionDays (7 days): another consumer may rely on it',
      'Change Tracking AUTO_CLEANUP left off (capture.autoCleanup asks on): it was set before ssd-delta, and another consumer may rely on it; the DBA can change it',
    ]);
    const settings = pool.requests.find((r) => r.sql.includes('sys.change_tracking_databases') && r.sql.includes('ALTER DATABASE'))?.sql ?? '';
    const existing = settings.slice(settings.indexOf('ELSE IF'));
    expect(existing).to.match(/< 10080\)\s+ALTER DATABASE CURRENT SET CHANGE_TRACKING \(CHANGE_RETENTION = 7 DAYS\);$/);
    expect(existing).to.not.include('AUTO_CLEANUP');
  });

  it('direct-mode init tracks each SSD table that exists, once every one has its stream key as primary key, in one transaction', async () => {
    const { pool, source } = directInit(factors.key);
    expect((await source.capture.install(STREAMS)).sort()).to.deep.equal(['ssd_assessment_factors', 'ssd_person']);
    const enabling = pool.requests.filter((r) => /ENABLE CHANGE_TRACKING/.test(r.sql));
    expect(enabling.map((r) => r.sql.match(/ALTER TABLE (\S+)/)?.[1]).sort()).to.deep.equal(['[dbo].[ssd_assessment_factors]', '[dbo].[ssd_person]']);
    expect(new Set(enabling.map((r) => r.transaction)).size).to.equal(1);
    expect(enabling[0]?.transaction).to.not.equal(null);
  });

  it('direct-mode init changes nothing when a table lacks its stream key as primary key, naming the table and the key', async () => {
    const { pool, source } = directInit(['cinf_table_id']);
    const error = await source.capture.install(STREAMS).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SchemaError);
    expect((error as Error).message).to.include(`[dbo].[ssd_assessment_factors] (primary key (cinf_table_id), needs (${factors.key.join(', ')}))`);
    expect((error as Error).message).to.match(/Nothing was tracked/);
    expect(pool.requests.some((r) => /ALTER (DATABASE|TABLE)/.test(r.sql)), 'nothing altered').to.equal(false);
  });

  it('direct-mode init that the server refuses part-way (4997) leaves no table tracked', async () => {
    const { pool, source } = directInit(factors.key);
    pool.answer('generated: enable change tracking [dbo].[ssd_assessment_factors]', sqlServerError(4997, "Cannot enable change tracking on table 'ssd_assessment_factors'. Change tracking requires a primary key on the table."));
    const error = await source.capture.install(STREAMS).catch((e: unknown) => e);
    expect((error as Error).message).to.match(/4997/);
    const enabling = pool.requests.filter((r) => /ENABLE CHANGE_TRACKING/.test(r.sql));
    const tx = enabling[0]?.transaction ?? null;
    expect(tx).to.not.equal(null);
    expect(pool.events.filter((e) => e.transaction === tx).map((e) => e.event)).to.deep.equal(['begin', 'rollback']);
  });

  it('a marking cycle reads the feed, the tables and every child\'s rows in one SNAPSHOT transaction, one request at a time, and writes outside it', async () => {
    const { pool, snapshot } = await markedCycle();
    const inSnapshot = (name: string): boolean => pool.requests.filter((r) => r.name.startsWith(name)).every((r) => r.transaction === snapshot);
    for (const read of ['read-position.sql', 'read-watermarks.sql', 'generated: read-changes (direct)', 'generated: children-of', 'generated: table count', 'generated: fetch-rows']) {
      expect(pool.requests.some((r) => r.name.startsWith(read)), read).to.equal(true);
      expect(inSnapshot(read), `${read} in the snapshot`).to.equal(true);
    }
    expect(pool.requests.filter((r) => r.name.startsWith('generated: fetch-rows'))).to.have.length(STREAMS.length);
    for (const write of ['advance-watermark.sql', 'write-marked-rows.sql']) expect(pool.last(write).transaction, write).to.not.equal(snapshot);
    expect(JSON.parse(String(pool.last('write-marked-rows.sql').params[0]?.value))).to.deep.include({ stream: 'ssd_person', rows: 40 });
    expect(pool.events.filter((e) => e.transaction === snapshot).map((e) => e.event)).to.deep.equal(['begin', 'commit']);
    // The login's default schema is not a contract: every table and function is named with its schema.
    for (const r of pool.requests) expect(unqualifiedNames(r.sql, 'ssd_api_data_staging'), r.name).to.deep.equal([]);
  });

  for (const [n, text] of [[3961, 'Snapshot isolation transaction failed in database because the object accessed by the statement has been modified by a DDL statement'], [1222, 'Lock request time out period exceeded.']] as const) {
    it(`an SSD table truncated after the snapshot began (3961) or locked past the LOCK_TIMEOUT (1222) holds the cycle, naming it, its watermark unmoved (${n})`, async () => {
      const { pool, source } = directCycle();
      pool.answer('generated: table count ssd_address', sqlServerError(n, text));
      const logged: string[] = [];
      const logger = { ...silentLogger(), warn: (_: unknown, message: string) => void logged.push(message) } as unknown as ReturnType<typeof silentLogger>;
      const stats = await markChanges({ source, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock('2026-06-15'), logger, chunkSize: 100 });
      expect(stats.held).to.deep.equal(['ssd_address']);
      expect(stats.touched).to.equal(0);
      expect(logged.join('\n')).to.match(new RegExp(`^ssd_address (was truncated|is locked).*\\(SQL Server ${n}`, 'm'));
      expect(pool.names()).to.not.include('advance-watermark.sql');
      // Remembered, so a table held past the grace fails the cycle for someone to hear of it.
      expect(JSON.parse(String(pool.last('note-table-held.sql').params[0]?.value))).to.deep.equal([{ stream: 'ssd_address', seen: 'held by another transaction' }]);
      const snapshot = pool.events.find((e) => e.event === 'begin' && e.isolation === 'SNAPSHOT')?.transaction;
      expect(pool.events.filter((e) => e.transaction === snapshot).map((e) => e.event)).to.deep.equal(['begin', 'rollback']);
    });
  }

  it('a marking cycle whose run lock is gone (APPLOCK_MODE no longer Exclusive) writes no mark and no watermark', async () => {
    const { pool, source } = directCycle(['NoLock']);
    for (const s of STREAMS) pool.answer(`generated: table count ${s.stream}`, [{ stream: s.stream, n: '40' }]);
    const error = await markChanges({ source, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock('2026-06-15'), logger: silentLogger(), chunkSize: 100 }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).to.equal('RUN_LOCK_LOST');
    expect(pool.names().filter((n) => WRITES.test(n))).to.deep.equal([]);
  });

  it('a marking cycle whose run lock is gone before its last write writes the chunk, not the watermark', async () => {
    const { pool, source } = directCycle(['Exclusive', 'NoLock']);
    for (const s of STREAMS) pool.answer(`generated: table count ${s.stream}`, [{ stream: s.stream, n: '40' }]);
    const error = await markChanges({ source, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock('2026-06-15'), logger: silentLogger(), chunkSize: 100 }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).to.equal('RUN_LOCK_LOST');
    expect(pool.names().filter((n) => WRITES.test(n)).length, 'the chunk written').to.be.greaterThan(0);
    expect(pool.names().filter((n) => /advance-watermark|write-last-cycle|write-marked-rows|prune-change-log/.test(n))).to.deep.equal([]);
  });

  it('every read in the snapshot waits at most SNAPSHOT_LOCK_TIMEOUT_MS for a lock, set in its own batch (never left on the pooled session)', async () => {
    const { pool, snapshot } = await markedCycle();
    // All but the batch that resets the session's isolation at the end.
    const inside = pool.requests.filter((r) => r.transaction === snapshot && !r.batch);
    expect(inside.length).to.be.greaterThan(40);
    for (const r of inside) expect(r.sql, r.name).to.include(`SET LOCK_TIMEOUT ${SNAPSHOT_LOCK_TIMEOUT_MS};`);
    expect(pool.requests.filter((r) => r.transaction !== snapshot).some((r) => r.sql.includes('SET LOCK_TIMEOUT')), 'outside the snapshot').to.equal(false);
  });

  it('a fetch that fails mid-cycle rolls the SNAPSHOT transaction back once nothing runs on it (no open transaction left behind)', async () => {
    const { pool, source } = directCycle();
    for (const s of STREAMS) pool.answer(`generated: table count ${s.stream}`, [{ stream: s.stream, n: '40' }]);
    pool.answer('generated: fetch-rows ssd_address', sqlServerError(245, 'Conversion failed when converting the nvarchar value to data type int'));
    const error = await markChanges({ source, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock('2026-06-15'), logger: silentLogger(), chunkSize: 100 }).catch((e: unknown) => e);
    expect((error as Error).message).to.match(/Conversion failed/);
    const snapshot = pool.events.find((e) => e.event === 'begin' && e.isolation === 'SNAPSHOT')?.transaction;
    expect(pool.events.filter((e) => e.transaction === snapshot).map((e) => e.event)).to.deep.equal(['begin', 'rollback']);
    const last = pool.requests.map((r, i) => (r.transaction === snapshot ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    expect(pool.requests.slice(last + 1).some((r) => r.transaction === snapshot), 'nothing ran in it after the failure').to.equal(false);
  });
});
