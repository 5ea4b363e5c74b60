import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDataDirs } from '../helpers/temp-data-dirs.js';
import { serverQuery } from '../helpers/server-query.js';

const serverUrl = process.env.SSD_DELTA_TEST_PG_URL;

describe('ssd-delta CLI: commands that only read create nothing', function () {
  this.timeout(180_000);
  const dirs = tempDataDirs('ssd-delta-cli-ro-');
  const dataDir = (): string => dirs.next();
  after(() => dirs.cleanup());

  it('run, status and simulate refuse a --data-dir that holds no database, and do not create one', async () => {
    const dir = dataDir();
    for (const args of [['run', '--simulated-api'], ['status'], ['simulate']]) {
      const result = await runCli([...args, '--data-dir', dir]);
      expect(result.code, args[0]).to.equal(2);
      expect(result.stderr, args[0]).to.equal(`ssd-delta: no embedded database at ${dir}: run \`ssd-delta seed\` or \`ssd-delta init\` with the same --data-dir first\n`);
      expect(existsSync(dir), args[0]).to.equal(false);
    }
  });

  it('status without --data-dir refuses the missing default .ssd-delta/db', async function () {
    if (existsSync(join(PACKAGE_ROOT, '.ssd-delta'))) this.skip(); // a developer's own embedded database
    const result = await runCli(['status']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('ssd-delta: no embedded database at .ssd-delta/db: run `ssd-delta seed` or `ssd-delta init` with the same --data-dir first\n');
    expect(existsSync(join(PACKAGE_ROOT, '.ssd-delta'))).to.equal(false);
  });

  it('status on an embedded database where init never ran says so, twice (it created nothing)', async () => {
    const dir = dataDir();
    expect((await runCli(['seed', '--children', '20', '--data-dir', dir])).code).to.equal(0);
    for (const args of [['status'], ['status', '--json']]) {
      const result = await runCli([...args, '--data-dir', dir]);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.equal(`ssd-delta: no ssd-delta tables in PGlite at ${dir}: run \`ssd-delta init\` first\n`);
    }
  });

  it('validate and export read an SSD where init never ran, and still create nothing of ssd-delta\'s', async () => {
    const dir = dataDir();
    expect((await runCli(['seed', '--children', '40', '--data-dir', dir])).code).to.equal(0);
    const validate = await runCli(['validate', '--json', '--data-dir', dir]);
    expect(validate.code, validate.stderr).to.equal(0);
    const report = JSON.parse(validate.stdout) as { documents: number; invalid: unknown[] };
    expect(report.documents).to.be.greaterThan(20);
    expect(validate.stderr).to.match(/ssd-delta is not installed in public \(no staging table ssd_api_data_staging of its own there, or none this login may see\): read the SSD alone, wrote nothing/);
    const out = join(dataDir(), 'export');
    const exported = await runCli(['export', '--out', out, '--data-dir', dir]);
    expect(exported.code, exported.stderr).to.equal(0);
    // What it assumed is said with what it wrote: installed in another schema, the count would be wrong.
    expect(exported.stdout).to.match(/counted every child as never sent; if it is installed in another schema, set database\.schema \(--schema\)\n$/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { written: Array<{ rowState: string }> };
    // Nothing has been sent: every child goes as new, whole.
    expect(manifest.written).to.have.length(report.documents);
    expect(new Set(manifest.written.map((w) => w.rowState))).to.deep.equal(new Set(['new']));
    expect(readdirSync(out)).to.have.length(report.documents + 1);
    const status = await runCli(['status', '--data-dir', dir]);
    expect([status.code, status.stderr]).to.deep.equal([2, `ssd-delta: no ssd-delta tables in PGlite at ${dir}: run \`ssd-delta init\` first\n`]);
  });

  it('simulate on a database without SSD tables names them and exits 2', async () => {
    const dir = dataDir();
    expect((await runCli(['init', '--data-dir', dir])).code).to.equal(2); // creates the database, finds no SSD tables
    const result = await runCli(['simulate', '--data-dir', dir]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^ssd-delta: PGlite at .*: missing SSD tables: ssd_address, .*ssd_sdq_scores \(schema public\)\. Load the SSD/);
    expect(result.stderr).to.not.match(/does not exist/);
  });

  describe('on the Postgres server', function () {
    const schema = `cli_ro_${process.pid}_${Date.now().toString(36)}`;
    let url = '';
    const query = (sql: string, params: unknown[] = []): Promise<unknown[]> => serverQuery(serverUrl as string, sql, params);
    before(async function () {
      if (!serverUrl) this.skip();
      await query(`CREATE SCHEMA ${schema}`);
      const u = new URL(serverUrl);
      u.searchParams.set('options', `-c search_path=${schema}`);
      url = u.toString();
    });
    after(async () => {
      if (serverUrl) await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    });

    it('status says init never ran and creates no table', async () => {
      const result = await runCli(['status', '--database-url', url]);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/^ssd-delta: no ssd-delta tables in postgres [^ ]+: run `ssd-delta init` first\n$/);
      expect(await query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema])).to.deep.equal([]);
    });

    it('validate and export --all run as a login that may only read the SSD, before init, and change nothing', async () => {
      // A schema of its own: the other tests here need one without SSD tables.
      const ssd = `${schema}_ssd`;
      const role = `ssd_ro_${process.pid}`;
      const inSsd = new URL(serverUrl as string);
      inSsd.searchParams.set('options', `-c search_path=${ssd}`);
      await query(`CREATE SCHEMA ${ssd}`);
      const tables = async (): Promise<unknown[]> => query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [ssd]);
      try {
        expect((await runCli(['seed', '--children', '30', '--database-url', inSsd.toString()])).code).to.equal(0);
        const before = await tables();
        await query(`CREATE ROLE ${role} LOGIN`);
        await query(`GRANT USAGE ON SCHEMA ${ssd} TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA ${ssd} TO ${role}`);
        const ro = new URL(inSsd);
        ro.username = role;
        const validate = await runCli(['validate', '--json', '--database-url', ro.toString()]);
        expect(validate.code, validate.stderr).to.equal(0);
        const { documents } = JSON.parse(validate.stdout) as { documents: number };
        expect(documents).to.be.greaterThan(15);
        const out = join(dataDir(), 'all');
        const all = await runCli(['export', '--all', '--out', out, '--database-url', ro.toString()]);
        expect(all.code, all.stderr).to.equal(0);
        expect(all.stdout).to.match(new RegExp(`^wrote ${documents} current documents of every child in the cohort to `));
        expect(await tables()).to.deep.equal(before);
        // ssd-delta's own schema made by the DBA for init, where this login has no USAGE: still nothing to ask there.
        await query(`CREATE SCHEMA ${ssd}_own`);
        const elsewhere = await runCli(['validate', '--json', '--schema', `${ssd}_own`, '--ssd-schema', ssd, '--database-url', ro.toString()]);
        expect(elsewhere.code, elsewhere.stderr).to.equal(0);
        // A reference sender's staging table of the same name is not ssd-delta installed.
        await query(`CREATE TABLE ${ssd}.ssd_api_data_staging (id int, person_id varchar(20), json_payload text, submission_status varchar(20)); GRANT SELECT ON ${ssd}.ssd_api_data_staging TO ${role}`);
        const foreign = await runCli(['export', '--out', join(dataDir(), 'foreign'), '--database-url', ro.toString()]);
        expect(foreign.code, foreign.stderr).to.equal(0);
        expect(foreign.stdout).to.match(new RegExp(`^wrote ${documents} documents the next run would send`));
      } finally {
        await query(`DROP SCHEMA IF EXISTS ${ssd}_own CASCADE`);
        await query(`DROP SCHEMA ${ssd} CASCADE`);
        if ((await query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).length > 0) await query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
      }
    });

    it('simulate names the missing SSD tables and exits 2', async () => {
      const result = await runCli(['simulate', '--database-url', url]);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/missing SSD tables: ssd_address, /);
    });

    it('names a missing database and a refused login in words, keeping the code', async () => {
      const noDb = new URL(serverUrl as string);
      noDb.pathname = `/no_such_db_${process.pid}`;
      const missing = await runCli(['status', '--database-url', noDb.toString()]);
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.contain(`database "no_such_db_${process.pid}" does not exist (3D000); create it`);
      const badUser = new URL(serverUrl as string);
      badUser.username = 'no_such_role';
      badUser.password = 'pw-s3cret';
      const login = await runCli(['status', '--database-url', badUser.toString()]);
      expect(login.code).to.equal(1);
      expect(login.stderr).to.match(/authentication failed for user "no_such_role" \(28(000|P01)\)/).and.not.contain('pw-s3cret');
    });
  });
});
