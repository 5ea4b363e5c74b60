import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { batches } from '../../src/source/mssql/mssql-connection.js';
import { mssqlMigrationFiles } from '../../src/source/mssql/schema-store.js';
import { runCli } from '../helpers/run-cli.js';
import { dialectTargets } from '../helpers/test-sources.js';

describe('ssd-delta init --print-sql', () => {
  it('--dialect mssql prints the whole install script without a database: settings, every migration, tracking, grants', async () => {
    const result = await runCli(['init', '--dialect', 'mssql', '--print-sql', '--staging-table', 'la_staging', '--schema', 'ssd']);
    expect(result.code, result.stderr).to.equal(0);
    const script = result.stdout;
    expect(script).to.include('ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON');
    expect(script).to.include('CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON)');
    for (const file of mssqlMigrationFiles()) {
      expect(script).to.include(`-- ${file}:`);
      expect(script).to.include(`VALUES ('${file}', 'la_staging')`);
    }
    expect(script).to.include('CREATE TABLE la_staging');
    expect(script).to.include('CREATE OR ALTER FUNCTION ssd.ssd_delta_unconfirmed_with');
    expect(script).to.include('ALTER TABLE ssd_delta_fingerprint ENABLE CHANGE_TRACKING');
    expect(script).to.match(/^-- GRANT VIEW CHANGE TRACKING ON ssd\.ssd_delta_fingerprint TO ssd_delta_login;$/m);
    expect(script).to.not.include('{{');
    // CREATE FUNCTION must start its batch: every batch the script holds is one the server accepts on its own.
    for (const batch of batches(script)) {
      const code = batch.replace(/--[^\n]*/g, '').trim();
      if (/CREATE OR ALTER FUNCTION/.test(code)) expect(code.startsWith('CREATE OR ALTER FUNCTION')).to.equal(true);
    }
  });

  it('capture.mode=direct tracks every SSD table instead of the fingerprint table', async () => {
    const result = await runCli(['init', '--dialect', 'mssql', '--print-sql'], { SSD_DELTA_CAPTURE_MODE: 'direct' });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('ALTER TABLE ssd_person ENABLE CHANGE_TRACKING');
    expect(result.stdout).to.not.include('ALTER TABLE ssd_delta_fingerprint ENABLE CHANGE_TRACKING');
  });

  it('--dialect postgres prints a psql script that installs ssd-delta when run', async () => {
    const result = await runCli(['init', '--dialect', 'postgres', '--print-sql']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^BEGIN;$/m);
    expect(result.stdout).to.include('CREATE OR REPLACE TRIGGER ssd_delta_ins AFTER INSERT ON ssd_person');
    const [target] = dialectTargets();
    const db = await target!.open();
    try {
      await db.connection.exec(readFileSync(join(PACKAGE_ROOT, 'sql/postgres/ssd/create-ssd-tables.sql'), 'utf8'));
      await db.connection.exec(result.stdout);
      await db.connection.exec(result.stdout); // twice: changes nothing
      const report = await db.source.schema.migrate();
      expect(report.applied).to.deep.equal([]);
    } finally {
      await db.dispose();
    }
  });

  it('refuses --dialect without --print-sql and a schema that is not an SQL name (exit 2)', async () => {
    const dialect = await runCli(['init', '--dialect', 'mssql', '--data-dir', 'memory://x']);
    expect(dialect.code).to.equal(2);
    expect(dialect.stderr).to.match(/--dialect is only for --print-sql/);
    const schema = await runCli(['init', '--print-sql', '--dialect', 'mssql', '--schema', 'Bad Name']);
    expect(schema.code).to.equal(2);
    expect(schema.stderr).to.match(/--schema Bad Name: must be a lower-case SQL name/);
  });
});
