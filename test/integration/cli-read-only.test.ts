import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDataDirs } from '../helpers/temp-data-dirs.js';

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
    const query = async (sql: string, params: unknown[] = []): Promise<unknown[]> => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        return (await client.query(sql, params)).rows;
      } finally {
        await client.end();
      }
    };
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
