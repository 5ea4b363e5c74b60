import { expect } from 'chai';
import { loadApp } from '../../../src/cli/app-context.js';
import { initDatabase } from '../../../src/cli/init-command.js';
import type { SsdDeltaError } from '../../../src/core/errors.js';
import { mssqlConnection } from '../../../src/source/mssql/mssql-connection.js';
import { mssqlSource } from '../../../src/source/mssql/mssql-source.js';
import { mssqlMigrationFiles } from '../../../src/source/mssql/schema-store.js';
import { requiredColumns, type StreamDefinition } from '../../../src/streams/stream-definition.js';
import { FakeMssqlPool, sqlServerError } from '../../helpers/fake-mssql-pool.js';
import { unqualifiedNames } from '../../helpers/unqualified-names.js';

/** INFORMATION_SCHEMA.COLUMNS rows for every column the streams read, in `schema`. */
function catalog(streams: readonly StreamDefinition[], schema: string) {
  return streams.flatMap(requiredColumns).map((c) => ({ schema_name: schema, table_name: c.table, column_name: c.column }));
}

describe('ssd-delta init on SQL Server (fake pool)', () => {
  function app() {
    const loaded = loadApp({ flags: { 'log.level': 'silent' } });
    const pool = new FakeMssqlPool();
    pool.answer(/^SELECT CAST\(SERVERPROPERTY/, [{ version: '16.0.1000.6', compatibility: 160 }]);
    pool.answer('read-schemas.sql', [{ own: true, ssd: true }]);
    const source = mssqlSource(mssqlConnection(pool, 'mssql fake/ssd'), loaded.streams, { stagingTable: 'ssd_api_data_staging', schema: 'dbo', ssdSchema: 'ssd_development', captureMode: 'fingerprint', tracking: { retentionDays: 7, autoCleanup: true } });
    return { pool, ctx: { ...loaded, source } };
  }

  it('says each step as it is done, and which one the server refused for lack of permission', async () => {
    const { pool, ctx } = app();
    pool.answer(/^IF \(SELECT snapshot_isolation_state/, sqlServerError(5011, "User does not have permission to alter database 'ssd', the database does not exist, or the database is not in a state that allows access checks."));
    const said: string[] = [];
    const error = (await initDatabase(ctx, (line) => said.push(line)).catch((e: unknown) => e)) as SsdDeltaError;
    expect(said).to.deep.equal([
      'database: mssql fake/ssd',
      "ssd-delta's tables: schema dbo (staging table ssd_api_data_staging); SSD tables: schema ssd_development",
      `migrations applied: ${mssqlMigrationFiles().join(', ')}`,
      'SSD tables found in schema ssd_development: 0 of 19',
    ]);
    expect(error.code).to.equal('PERMISSION_DENIED');
    expect(error.message).to.match(/refused to alter the database \(5011: User does not have permission/);
  });

  it('enables the database settings, then Change Tracking on the fingerprint table, and reports the SSD tables found', async () => {
    const { pool, ctx } = app();
    pool.answer(/^SELECT name FROM sys\.tables/, ctx.streams.map((s) => ({ name: s.table })));
    pool.answer('read-ssd-columns.sql', catalog(ctx.streams, 'ssd_development'));
    const said: string[] = [];
    const report = await initDatabase(ctx, (line) => said.push(line));
    expect(report.captured).to.have.length(ctx.streams.length);
    expect(report.missing).to.equal(null);
    expect(said).to.include('SSD tables found in schema ssd_development: 19 of 19');
    expect(said.at(-1)).to.match(/^capture: fingerprints of 19 SSD tables/);
    const order = pool.requests.map((r) => r.sql);
    const settings = order.findIndex((q) => q.includes('ALLOW_SNAPSHOT_ISOLATION ON'));
    const tracking = order.findIndex((q) => q.includes('ALTER TABLE [dbo].[ssd_delta_fingerprint] ENABLE CHANGE_TRACKING'));
    expect(settings).to.be.greaterThan(-1);
    expect(tracking).to.be.greaterThan(settings);
    // ALTER DATABASE cannot run inside a transaction: it is never sent in one.
    const altering = pool.requests.filter((r) => r.sql.replace(/--[^\n]*/g, '').includes('ALTER DATABASE'));
    expect(altering).to.have.length(2);
    expect(altering.every((r) => r.transaction === null)).to.equal(true);
    for (const r of pool.requests) expect(unqualifiedNames(r.sql, 'ssd_api_data_staging'), r.name).to.deep.equal([]);
  });

  it('says where the SSD tables are when they are not in the configured schema (SystemC builds them in ssd_development)', async () => {
    const loaded = loadApp({ flags: { 'log.level': 'silent' } });
    const pool = new FakeMssqlPool();
    pool.answer(/^SELECT CAST\(SERVERPROPERTY/, [{ version: '13.0.4001.0', compatibility: 130 }]);
    pool.answer('read-schemas.sql', [{ own: true, ssd: true }]);
    pool.answer('read-ssd-columns.sql', catalog(loaded.streams, 'ssd_development'));
    const source = mssqlSource(mssqlConnection(pool, 'mssql fake/ssd'), loaded.streams, { stagingTable: 'ssd_api_data_staging', schema: 'dbo', ssdSchema: 'dbo', captureMode: 'fingerprint', tracking: { retentionDays: 7, autoCleanup: true } });
    const said: string[] = [];
    const report = await initDatabase({ ...loaded, source }, (line) => said.push(line));
    expect(report.missing).to.match(/^SSD tables expected and not found: (ssd_\w+, ){18}ssd_\w+\. Found in another schema/);
    expect(said.find((l) => l.startsWith('SSD tables found'))).to.match(/^SSD tables found in schema dbo: 0 of 19 Found in another schema: ssd_address in ssd_development; .* Set database\.ssdSchema to ssd_development \(or --ssd-schema\) to read them there\.$/);
  });

  it('refuses SQL Server 2016 before SP1 (no CREATE OR ALTER) but not Azure SQL, and a schema that does not exist, saying how to fix each', async () => {
    const loaded = loadApp({ flags: { 'log.level': 'silent' } });
    const open = (version: string, schemas: { own: boolean; ssd: boolean }, edition = 3) => {
      const pool = new FakeMssqlPool();
      pool.answer(/^SELECT CAST\(SERVERPROPERTY/, [{ version, compatibility: 130, edition }]);
      pool.answer('read-schemas.sql', [schemas]);
      return mssqlSource(mssqlConnection(pool, 'mssql fake/ssd'), loaded.streams, { stagingTable: 'ssd_api_data_staging', schema: 'ssd_delta', ssdSchema: 'ssd_development', captureMode: 'fingerprint', tracking: { retentionDays: 7, autoCleanup: true } });
    };
    const rtm = await open('13.0.1601.5', { own: true, ssd: true }).schema.migrate().catch((e: unknown) => e);
    expect((rtm as Error).message).to.match(/runs SQL Server 13\.0\.1601\.5; ssd-delta needs SQL Server 2016 SP1 \(13\.0\.4001\) or later/);
    expect(await open('13.0.4001.0', { own: true, ssd: true }).schema.migrate()).to.have.property('applied');
    expect(await open('14.0.1000.169', { own: true, ssd: true }).schema.migrate()).to.have.property('applied');
    // Azure SQL Database (5) and Managed Instance (8) say 12.0.2000.8 whatever they run.
    for (const edition of [5, 8]) expect(await open('12.0.2000.8', { own: true, ssd: true }, edition).schema.migrate(), `edition ${edition}`).to.have.property('applied');
    expect(await open('12.0.2000.8', { own: true, ssd: true }).schema.migrate().catch((e: unknown) => e)).to.be.instanceOf(Error);
    const own = await open('15.0.2000.5', { own: false, ssd: true }).schema.migrate().catch((e: unknown) => e);
    expect((own as Error).message).to.match(/has no schema ssd_delta \(database\.schema\): create it \(CREATE SCHEMA \[ssd_delta\]\)/);
    const ssd = await open('15.0.2000.5', { own: true, ssd: false }).schema.migrate().catch((e: unknown) => e);
    expect((ssd as Error).message).to.match(/has no schema ssd_development \(database\.ssdSchema\)/);
  });
});
