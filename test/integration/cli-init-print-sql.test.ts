import { expect } from 'chai';
import { batches } from '../../src/source/mssql/mssql-connection.js';
import { mssqlMigrationFiles } from '../../src/source/mssql/schema-store.js';
import { runCli } from '../helpers/run-cli.js';
import { runLikeSqlcmd } from '../helpers/sqlcmd-model.js';
import { dialectTargets, STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

describe('ssd-delta init --print-sql', () => {
  it('--dialect mssql prints the whole install script without a database: settings, every migration, tracking, grants', async () => {
    const result = await runCli(['init', '--dialect', 'mssql', '--print-sql', '--staging-table', 'la_staging', '--schema', 'ssd_delta', '--ssd-schema', 'ssd_development']);
    expect(result.code, result.stderr).to.equal(0);
    const script = result.stdout;
    expect(script).to.include('ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON');
    expect(script).to.include('CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON)');
    for (const file of mssqlMigrationFiles()) {
      expect(script).to.include(`-- ${file}:`);
      expect(script).to.include(`VALUES ('${file}', 'la_staging')`);
    }
    expect(script).to.include('CREATE TABLE [ssd_delta].[la_staging]');
    expect(script).to.include('CREATE OR ALTER FUNCTION [ssd_delta].ssd_delta_unconfirmed_with');
    expect(script).to.include('ALTER TABLE [ssd_delta].[ssd_delta_fingerprint] ENABLE CHANGE_TRACKING');
    expect(script).to.match(/^-- GRANT VIEW CHANGE TRACKING ON \[ssd_delta\]\.\[ssd_delta_fingerprint\] TO ssd_delta_login;$/m);
    expect(script).to.match(/^-- GRANT SELECT ON SCHEMA::\[ssd_development\] TO ssd_delta_login;/m);
    expect(script).to.include("IF SCHEMA_ID(N'ssd_development') IS NULL");
    // A window an earlier run left in NOEXEC runs this one; an open transaction, an old server or a foreign staging table stop it.
    expect(script).to.match(/^SET NOEXEC OFF;/m);
    expect(script).to.include('SET IMPLICIT_TRANSACTIONS OFF;');
    expect(script).to.match(/IF @@TRANCOUNT > 0\s+THROW 50009/);
    expect(script).to.match(/PARSENAME\(@version, 2\) AS INT\) < 4001\)\)\s+THROW 50008/);
    expect(script).to.include("CAST(SERVERPROPERTY('EngineEdition') AS INT) NOT IN (5, 8)");
    expect(script.indexOf('THROW 50014')).to.be.greaterThan(-1);
    // Before anything is changed: a refused script leaves the database's settings as they were.
    expect(script.indexOf('THROW 50014')).to.be.lessThan(script.indexOf('ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION'));
    expect(script.indexOf('THROW 50013')).to.be.lessThan(script.indexOf('ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION'));
    // Its own schema apart from the SSD's: granted on its schema; the SSD's is only read.
    expect(script).to.match(/^-- GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::\[ssd_delta\] TO ssd_delta_login;/m);
    expect(script).to.not.match(/INSERT, UPDATE, DELETE ON SCHEMA::\[ssd_development\]/);
    expect(script).to.not.include('{{');
    // CREATE FUNCTION must start its batch: every batch the script holds is one the server accepts on its own.
    for (const batch of batches(script)) {
      const code = batch.replace(/--[^\n]*/g, '').trim();
      if (/CREATE OR ALTER FUNCTION/.test(code)) expect(code.startsWith('CREATE OR ALTER FUNCTION')).to.equal(true);
    }
  });

  describe('the printed SQL Server script, run as sqlcmd runs it (a model of its batch semantics)', () => {
    let script: string;
    const all = mssqlMigrationFiles();
    before(async () => {
      const result = await runCli(['init', '--dialect', 'mssql', '--print-sql', '--schema', 'ssd_development']);
      expect(result.code, result.stderr).to.equal(0);
      script = result.stdout;
    });

    it('installs everything and records every migration with sqlcmd -b -I, and with plain sqlcmd (QUOTED_IDENTIFIER OFF: the filtered indexes need it ON)', () => {
      for (const quotedIdentifier of [true, false]) {
        const run = runLikeSqlcmd(script, { sqlcmdMode: true, quotedIdentifier });
        expect(run.errors, `-I ${quotedIdentifier}`).to.deep.equal([]);
        expect(run.ledger).to.deep.equal(all);
      }
    });

    it('stops at the first error and never records the migration that failed, nor any after it', () => {
      const run = runLikeSqlcmd(script, { sqlcmdMode: true, quotedIdentifier: true, fails: (batch) => batch.startsWith('CREATE OR ALTER FUNCTION') });
      expect(run.exited).to.equal(true);
      expect(run.ledger).to.deep.equal(all.filter((f) => f < '0005'));
    });

    it('records only migrations that finished even when run on past errors (XACT_ABORT rolls a failed one back; its ledger row is refused)', () => {
      const onPastErrors = script.replace(/^:on error exit$/m, '');
      const run = runLikeSqlcmd(onPastErrors, { sqlcmdMode: true, quotedIdentifier: true, fails: (batch) => batch.startsWith('CREATE OR ALTER FUNCTION') });
      expect(run.exited).to.equal(false);
      expect(run.ledger).to.deep.equal(all.filter((f) => !f.startsWith('0005')));
      expect(run.errors).to.have.length(2);
    });

    it('does nothing in a tool that does not stop at errors (SSMS without SQLCMD mode), and says how to run it', () => {
      const run = runLikeSqlcmd(script, { sqlcmdMode: false, quotedIdentifier: true });
      expect(run.ledger).to.deep.equal([]);
      expect(run.errors.at(-1)).to.match(/run with sqlcmd/);
      expect(script).to.include('sqlcmd -b -I');
    });
  });

  it('capture.mode=direct checks every primary key, then tracks every SSD table instead of the fingerprint table', async () => {
    const result = await runCli(['init', '--dialect', 'mssql', '--print-sql', '--schema', 'dbo'], { SSD_DELTA_CAPTURE_MODE: 'direct' });
    expect(result.code, result.stderr).to.equal(0);
    const script = result.stdout;
    expect(script).to.include('ALTER TABLE [dbo].[ssd_person] ENABLE CHANGE_TRACKING');
    expect(script).to.not.include('ALTER TABLE [dbo].[ssd_delta_fingerprint] ENABLE CHANGE_TRACKING');
    // ssd-delta's tables in the SSD's own schema: granted table by table, never on every table of the LA's.
    expect(script).to.not.match(/(INSERT|EXECUTE).* ON SCHEMA::\[dbo\]/);
    expect(script).to.match(/^-- GRANT SELECT, INSERT, UPDATE, DELETE ON \[dbo\]\.\[ssd_delta_owner\] TO ssd_delta_login;$/m);
    expect(script).to.match(/^-- GRANT VIEW CHANGE TRACKING ON SCHEMA::\[dbo\] TO ssd_delta_login;/m);
    // Every key is checked before the first table is tracked: a missing key (4997) cannot leave half of them tracked.
    expect(script.lastIndexOf('THROW 50012')).to.be.lessThan(script.indexOf('-- generated: enable change tracking'));
    expect(script.match(/THROW 50012/g)).to.have.length(new Set(STREAMS.map((s) => s.table)).size);
  });

  it('--dialect postgres prints a psql script that installs ssd-delta when run', async () => {
    const result = await runCli(['init', '--dialect', 'postgres', '--print-sql']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/^BEGIN;$/m);
    expect(result.stdout).to.include('CREATE OR REPLACE TRIGGER ssd_delta_ins AFTER INSERT ON "public"."ssd_person"');
    expect(result.stdout).to.match(/^\\set ON_ERROR_STOP on$/m);
    const [target] = dialectTargets();
    const db = await target!.open();
    try {
      await ssdWriterOf(db.source).createSsdTables();
      // The script names schema public; this suite's database lives in its own schema.
      const [row] = await db.connection.query<{ schema: string }>('SELECT current_schema() AS schema');
      const script = result.stdout.replace(/^\\set ON_ERROR_STOP on$/m, '').replaceAll('"public".', `"${row?.schema}".`);
      await db.connection.exec(script);
      await db.connection.exec(script); // twice: changes nothing
      const report = await db.source.schema.migrate();
      expect(report.applied).to.deep.equal([]);
    } finally {
      await db.dispose();
    }
  });

  it("the psql script stops before it touches a staging table ssd-delta did not make (the DfE reference sender's)", async () => {
    const result = await runCli(['init', '--dialect', 'postgres', '--print-sql']);
    expect(result.code, result.stderr).to.equal(0);
    const [target] = dialectTargets();
    const db = await target!.open();
    try {
      await db.connection.exec('CREATE TABLE ssd_api_data_staging (id int PRIMARY KEY, person_id varchar(20), json_payload text, current_hash bytea)');
      const [row] = await db.connection.query<{ schema: string }>('SELECT current_schema() AS schema');
      const script = result.stdout.replace(/^\\set ON_ERROR_STOP on$/m, '').replaceAll('"public".', `"${row?.schema}".`).replaceAll("'public'", `'${row?.schema}'`);
      const error = await db.connection.exec(script).catch((e: unknown) => e);
      expect((error as Error).message).to.match(/already exists and is not ssd-delta's/);
      await db.connection.exec('ROLLBACK').catch(() => undefined);
      const columns = await db.connection.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'ssd_api_data_staging' AND table_schema = current_schema()");
      expect(columns[0]?.n).to.equal(4);
    } finally {
      await db.dispose();
    }
  });

  it('refuses --dialect without --print-sql and a schema that is not an SQL name (exit 2)', async () => {
    const dialect = await runCli(['init', '--dialect', 'mssql', '--data-dir', 'memory://x']);
    expect(dialect.code).to.equal(2);
    expect(dialect.stderr).to.match(/--dialect is only for --print-sql/);
    const none = await runCli(['init', '--print-sql', '--dialect', 'mssql']);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.match(/needs --schema \(or database\.schema\)/);
    const schema = await runCli(['init', '--print-sql', '--dialect', 'mssql', '--schema', 'Bad Name']);
    expect(schema.code).to.equal(2);
    expect(schema.stderr).to.match(/"database\.schema".*must be a schema name/);
  });
});
