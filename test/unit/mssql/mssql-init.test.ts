import { expect } from 'chai';
import { loadApp } from '../../../src/cli/app-context.js';
import { initDatabase } from '../../../src/cli/init-command.js';
import type { SsdDeltaError } from '../../../src/core/errors.js';
import { mssqlConnection } from '../../../src/source/mssql/mssql-connection.js';
import { mssqlSource } from '../../../src/source/mssql/mssql-source.js';
import { mssqlMigrationFiles } from '../../../src/source/mssql/schema-store.js';
import { FakeMssqlPool, sqlServerError } from '../../helpers/fake-mssql-pool.js';

describe('ssd-delta init on SQL Server (fake pool)', () => {
  function app() {
    const loaded = loadApp({ flags: { 'log.level': 'silent' } });
    const pool = new FakeMssqlPool();
    pool.answer(/^SELECT CAST\(SERVERPROPERTY/, [{ major: 16, version: '16.0.1000.6', compatibility: 160 }]);
    const source = mssqlSource(mssqlConnection(pool, 'mssql fake/ssd'), loaded.streams, { stagingTable: 'ssd_api_data_staging', schema: 'dbo', captureMode: 'fingerprint', tracking: { retentionDays: 7, autoCleanup: true } });
    return { pool, ctx: { ...loaded, source } };
  }

  it('says each step as it is done, and which one the server refused for lack of permission', async () => {
    const { pool, ctx } = app();
    pool.answer(/^IF \(SELECT snapshot_isolation_state/, sqlServerError(5011, "User does not have permission to alter database 'ssd', the database does not exist, or the database is not in a state that allows access checks."));
    const said: string[] = [];
    const error = (await initDatabase(ctx, (line) => said.push(line)).catch((e: unknown) => e)) as SsdDeltaError;
    expect(said).to.deep.equal(['database: mssql fake/ssd', `migrations applied: ${mssqlMigrationFiles().join(', ')}`]);
    expect(error.code).to.equal('PERMISSION_DENIED');
    expect(error.message).to.match(/refused to alter the database \(5011: User does not have permission/);
  });

  it('enables the database settings, then Change Tracking on the fingerprint table, and reports the SSD tables found', async () => {
    const { pool, ctx } = app();
    pool.answer(/^SELECT name FROM sys\.tables/, ctx.streams.map((s) => ({ name: s.table })));
    const said: string[] = [];
    const report = await initDatabase(ctx, (line) => said.push(line));
    expect(report.captured).to.have.length(ctx.streams.length);
    expect(said.at(-1)).to.match(/^capture: fingerprints of 19 SSD tables/);
    const order = pool.requests.map((r) => r.sql);
    const settings = order.findIndex((q) => q.includes('ALLOW_SNAPSHOT_ISOLATION ON'));
    const tracking = order.findIndex((q) => q.includes('ALTER TABLE ssd_delta_fingerprint ENABLE CHANGE_TRACKING'));
    expect(settings).to.be.greaterThan(-1);
    expect(tracking).to.be.greaterThan(settings);
    // ALTER DATABASE cannot run inside a transaction: it is never sent in one.
    const altering = pool.requests.filter((r) => r.sql.replace(/--[^\n]*/g, '').includes('ALTER DATABASE'));
    expect(altering).to.have.length(2);
    expect(altering.every((r) => r.transaction === null)).to.equal(true);
  });
});
