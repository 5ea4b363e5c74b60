import { expect } from 'chai';
import { loadApp } from '../../../src/cli/app-context.js';
import { runInitCheck } from '../../../src/cli/init-check.js';
import { STAGING_COLUMNS } from '../../../src/source/foreign-staging.js';
import { mssqlConnection } from '../../../src/source/mssql/mssql-connection.js';
import { mssqlSource } from '../../../src/source/mssql/mssql-source.js';
import { mssqlMigrationFiles, ownTables } from '../../../src/source/mssql/schema-store.js';
import { sqlNames } from '../../../src/source/sql-names.js';
import { requiredColumns } from '../../../src/streams/stream-definition.js';
import { FakeMssqlPool } from '../../helpers/fake-mssql-pool.js';
import { answerFromCatalog, writes, type MssqlCatalogState } from '../../helpers/mssql-catalog-model.js';

const OWN = 'ssd_delta';
const SSD = 'ssd_development';
const STAGING = 'ssd_api_data_staging';
const loaded = loadApp({ flags: { 'log.level': 'silent' } });
const TABLES = [...new Set(loaded.streams.map((s) => s.table))].sort();

/** The LA's SSD tables, each with the columns the streams read and (`keys`) its stream key as primary key. */
function ssdTables(keys = true): MssqlCatalogState['tables'] {
  const tables: MssqlCatalogState['tables'] = new Map();
  for (const def of loaded.streams) {
    const columns = requiredColumns(def).filter((c) => c.table === def.table).map((c) => c.column);
    const had = tables.get(`${SSD}.${def.table}`)?.columns ?? [];
    tables.set(`${SSD}.${def.table}`, { columns: [...new Set([...had, ...columns])], primaryKey: keys ? [...def.key] : [] });
  }
  return tables;
}

/** A database where init never ran: both schemas there, the SSD loaded, the settings off; the login owns the database. */
function fresh(changes: Partial<MssqlCatalogState> = {}): MssqlCatalogState {
  return { version: '16.0.1000.6', compatibility: 160, database: 'HDM_Local', user: 'ssd_delta_svc', owner: true, grants: new Set(), schemas: [OWN, SSD], tables: ssdTables(), ledger: [], snapshot: 'OFF', tracking: null, tracked: new Set(), ...changes };
}

/** The same database after the DBA ran the printed script (fingerprint mode). */
function installed(changes: Partial<MssqlCatalogState> = {}): MssqlCatalogState {
  const state = fresh({ snapshot: 'ON', tracking: { retentionMinutes: 7 * 1440, autoCleanup: true }, tracked: new Set([`${OWN}.ssd_delta_fingerprint`]), ...changes });
  for (const t of ownTables(sqlNames('mssql', { schema: OWN, ssdSchema: SSD, stagingTable: STAGING }))) state.tables.set(t.replace(/[[\]]/g, ''), { columns: t.endsWith(`[${STAGING}]`) ? [...STAGING_COLUMNS] : ['name'], primaryKey: [] });
  state.ledger = mssqlMigrationFiles().map((name) => ({ name, staging_table: STAGING }));
  return state;
}

/** What a login holds to run init itself, but ALTER on the database (docs/sql-server.md's list). */
const ALL_BUT_ALTER_DATABASE = ['DATABASE::CREATE TABLE', 'DATABASE::CREATE FUNCTION', `SCHEMA:${OWN}:ALTER`, ...['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'EXECUTE', 'VIEW CHANGE TRACKING'].map((p) => `SCHEMA:${OWN}:${p}`), `SCHEMA:${SSD}:SELECT`];

/** Runs init --check on the modelled database; every request it sent is checked to read only. */
async function check(state: MssqlCatalogState, captureMode: 'fingerprint' | 'direct' = 'fingerprint') {
  const pool = new FakeMssqlPool().otherwiseAnswer((request) => answerFromCatalog(state, request));
  const source = mssqlSource(mssqlConnection(pool, 'mssql sql01/HDM_Local'), loaded.streams, { stagingTable: STAGING, schema: OWN, ssdSchema: SSD, captureMode, tracking: { retentionDays: 7, autoCleanup: true } });
  const lines: string[] = [];
  const code = await runInitCheck({ ...loaded, source }, (line) => lines.push(line));
  // Read only: no statement that writes or locks (ALTER, CREATE, INSERT, UPDATE, DELETE, EXEC sp_getapplock), no transaction.
  expect(pool.requests.filter((r) => writes(r.sql)).map((r) => r.name)).to.deep.equal([]);
  expect(pool.events).to.deep.equal([]);
  expect(pool.requests.length).to.be.greaterThan(8);
  return { code, lines, last: lines.at(-1) ?? '' };
}

describe('ssd-delta init --check on SQL Server (fake pool answering from a model of the catalog)', () => {
  it('snapshot isolation and Change Tracking off: both would be turned on, then tracking on the fingerprint table, after every migration; a db_owner can (exit 0)', async () => {
    const { code, lines, last } = await check(fresh());
    expect(lines.slice(0, 5)).to.deep.equal([
      'database: mssql sql01/HDM_Local',
      `ssd-delta's tables: schema ${OWN} (staging table ${STAGING}); SSD tables: schema ${SSD}`,
      '1. server: SQL Server 16.0.1000.6, compatibility level 160: fine',
      `2. schemas: ${OWN} (ssd-delta's) exists; ${SSD} (the SSD's) exists`,
      `3. staging table ${OWN}.${STAGING}: not there; init creates it and ssd-delta's other tables with ${mssqlMigrationFiles().length} migrations: ${mssqlMigrationFiles().join(', ')}`,
    ]);
    expect(lines).to.include(`4. SSD tables found in schema ${SSD}: 19 of 19`);
    expect(lines).to.include('   snapshot isolation (ALLOW_SNAPSHOT_ISOLATION): OFF; would turn it on (ALTER DATABASE waits for every open transaction in the database to end: outside the load window)');
    expect(lines).to.include('   Change Tracking on the database: off; would turn it on (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON)');
    expect(lines).to.include(`   init would turn it on for 1: ${OWN}.ssd_delta_fingerprint`);
    expect(lines.filter((l) => /^ {3}(LACKS|\?\?)/.test(l))).to.deep.equal([]);
    expect([code, last]).to.deep.equal([0, 'init would succeed: it would run to the end, doing what is listed above']);
  });

  it('a login without ALTER on the database gets the GRANT for it, and init would stop at capture (exit 1); once the DBA made the settings it needs none (exit 0)', async () => {
    const { code, lines, last } = await check(fresh({ owner: false, grants: new Set(ALL_BUT_ALTER_DATABASE) }));
    expect(code).to.equal(1);
    expect(lines).to.include('   LACKS init ALTER on the database, to make the database settings above: lacks ALTER on the database');
    expect(lines).to.include('     GRANT ALTER ON DATABASE::[HDM_Local] TO [ssd_delta_svc];  -- for the database settings (snapshot isolation, Change Tracking)');
    expect(last).to.equal('init would stop at step 5 (capture): the login lacks ALTER on the database (what to run is listed in 6)');
    // What the login holds is said as held, briefly; the migrations' permissions are there.
    expect(lines).to.include('   has   init CREATE TABLE and CREATE FUNCTION in the database');
    const done = await check(fresh({ owner: false, grants: new Set(ALL_BUT_ALTER_DATABASE), snapshot: 'ON', tracking: { retentionMinutes: 7 * 1440, autoCleanup: true } }));
    expect(done.lines.join('\n')).to.not.include('ALTER on the database');
    expect(done.lines).to.include('   snapshot isolation (ALLOW_SNAPSHOT_ISOLATION): ON');
    expect([done.code, done.last]).to.deep.equal([0, 'init would succeed: it would run to the end, doing what is listed above']);
  });

  it('a login with no permission at all gets every GRANT it lacks, those for init and those for running, in the printed script\'s words', async () => {
    const { code, lines, last } = await check(fresh({ owner: false }));
    expect(code).to.equal(1);
    const grants = lines.slice(lines.findIndex((l) => l.includes('for the DBA to grant')) + 1, -1).map((l) => l.trim());
    expect(grants).to.deep.equal([
      'GRANT CREATE TABLE, CREATE FUNCTION TO [ssd_delta_svc];',
      `GRANT ALTER ON SCHEMA::[${OWN}] TO [ssd_delta_svc];`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::[${OWN}] TO [ssd_delta_svc];  -- ssd-delta's own tables (ssd_delta_* and ${STAGING})`,
      `GRANT EXECUTE ON SCHEMA::[${OWN}] TO [ssd_delta_svc];  -- [${OWN}].[ssd_delta_unconfirmed_with]`,
      `GRANT SELECT ON SCHEMA::[${SSD}] TO [ssd_delta_svc];  -- the SSD tables (or GRANT SELECT on each: 19 tables)`,
      'GRANT ALTER ON DATABASE::[HDM_Local] TO [ssd_delta_svc];  -- for the database settings (snapshot isolation, Change Tracking)',
      `GRANT VIEW CHANGE TRACKING ON [${OWN}].[ssd_delta_fingerprint] TO [ssd_delta_svc];`,
    ]);
    // A login that may see no SSD table finds none, as init would, and is told why that may be: not an SSD to build.
    expect(lines).to.include(`4. SSD tables found in schema ${SSD}: 0 of 19`);
    expect(lines).to.include(`   not found, or hidden from this login: ${TABLES.join(', ')}`);
    expect(lines).to.include(`   LACKS run  SELECT on the SSD tables in ${SSD}, to read the SSD on every run: lacks SELECT on ${TABLES.slice(0, 8).map((t) => `${SSD}.${t}`).join(', ')} and 11 more (not found, or hidden from this login)`);
    expect(lines.join('\n')).to.not.include("run your LA's SSD script");
    expect(last).to.equal('init would stop at step 3 (staging): the login lacks CREATE TABLE, CREATE FUNCTION on the database (what to run is listed in 6)');
  });

  it('direct mode, a login that sees no SSD table: ALTER and VIEW CHANGE TRACKING asked on every configured table anyway, one round', async () => {
    const { lines } = await check(fresh({ owner: false, grants: new Set(ALL_BUT_ALTER_DATABASE.filter((g) => !g.startsWith(`SCHEMA:${SSD}:`))) }), 'direct');
    const ssdTables = TABLES.slice(0, 8).map((t) => `${SSD}.${t}`).join(', ');
    expect(lines).to.include(`   LACKS init ALTER on the SSD tables in ${SSD}, to turn Change Tracking on for each: lacks ALTER on ${ssdTables} and 11 more (not found, or hidden from this login)`);
    expect(lines).to.include(`   LACKS run  VIEW CHANGE TRACKING on the SSD tables in ${SSD}, to read the change feed: lacks VIEW CHANGE TRACKING on ${ssdTables} and 11 more (not found, or hidden from this login)`);
    expect(lines).to.include('   19 SSD tables not found, or hidden from this login: grant SELECT (listed) and run the check again; init would turn Change Tracking on for them too');
    expect(lines).to.include(`     GRANT ALTER ON SCHEMA::[${SSD}] TO [ssd_delta_svc];  -- to turn Change Tracking on for the SSD tables`);
  });

  it('fingerprint mode tracks ssd-delta\'s fingerprint table; direct mode each SSD table, after the primary-key check init makes', async () => {
    const fingerprint = await check(installed());
    expect(fingerprint.lines).to.include(`5. capture (capture.mode = fingerprint): Change Tracking on ssd-delta's fingerprint table (the SSD tables are only read)`);
    expect(fingerprint.lines).to.include(`   nothing to do on 1: ${OWN}.ssd_delta_fingerprint`);
    expect(fingerprint.lines).to.include(`3. staging table ${OWN}.${STAGING}: ssd-delta's; every migration applied`);
    expect([fingerprint.code, fingerprint.last]).to.deep.equal([0, 'init would succeed: nothing to do, everything is in place']);

    const direct = await check(installed({ tracked: new Set([`${SSD}.ssd_person`, `${SSD}.ssd_address`]) }), 'direct');
    expect(direct.lines).to.include('5. capture (capture.mode = direct): Change Tracking on each SSD table');
    expect(direct.lines).to.include(`   init would turn it on for 17: ${TABLES.filter((t) => t !== 'ssd_person' && t !== 'ssd_address').map((t) => `${SSD}.${t}`).join(', ')}`);
    expect(direct.lines).to.include(`   nothing to do on 2: ${SSD}.ssd_address, ${SSD}.ssd_person`);
    expect(direct.code).to.equal(0);

    const noKey = fresh();
    noKey.tables.set(`${SSD}.ssd_sdq_scores`, { columns: noKey.tables.get(`${SSD}.ssd_sdq_scores`)?.columns ?? [], primaryKey: [] });
    const refused = await check(noKey, 'direct');
    expect(refused.code).to.equal(1);
    expect(refused.last).to.match(new RegExp(`^init would stop at step 5 \\(capture\\): capture\\.mode = direct tracks each SSD table by its primary key, and this table does not have the stream's key as primary key: \\[${SSD}\\]\\.\\[ssd_sdq_scores\\] \\(primary key none, needs \\(csdq_table_id\\)\\)`));
  });

  it('says what a login that may not read ssd-delta\'s ledger cannot tell, rather than failing', async () => {
    const { code, lines, last } = await check(installed({ owner: false, grants: new Set([`SCHEMA:${SSD}:SELECT`, `SCHEMA:${OWN}:VIEW DEFINITION`]) }));
    expect(code).to.equal(1);
    expect(lines).to.include(`3. staging table ${OWN}.${STAGING}: ssd-delta's; migrations to apply: not known`);
    // No migration's permissions asked from a guess: only what reading the ledger needs.
    expect(lines.join('\n')).to.not.match(/CREATE TABLE|ALTER ON SCHEMA/);
    expect(lines).to.include(`     GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::[${OWN}] TO [ssd_delta_svc];  -- ssd-delta's own tables (ssd_delta_* and ${STAGING})`);
    expect(last).to.match(new RegExp(`^init would stop at step 3 \\(staging\\): cannot read \\[${OWN}\\]\\.\\[ssd_delta_migration\\], so which migrations init would apply is not known \\(SQL Server refused a permission \\(229: The SELECT permission was denied.*run the check again$`));
  });

  it('a retention shorter than capture.retentionDays would be raised; an AUTO_CLEANUP another consumer set is left, as init says', async () => {
    const { lines } = await check(installed({ tracking: { retentionMinutes: 2 * 1440, autoCleanup: false } }));
    expect(lines).to.include('   Change Tracking on the database: on, retention 2880 minutes, auto cleanup off; would raise its retention to 7 days (capture.retentionDays)');
    expect(lines.filter((l) => l.startsWith('   init would say: '))).to.deep.equal([
      '   init would say: Change Tracking AUTO_CLEANUP left off (capture.autoCleanup asks on): it was set before ssd-delta, and another consumer may rely on it; the DBA can change it',
    ]);
  });
});
