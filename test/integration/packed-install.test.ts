import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { compiledCli } from '../helpers/compiled-cli.js';
import { serverQuery } from '../helpers/server-query.js';

const serverUrl = process.env.SSD_DELTA_TEST_PG_URL;

/**
 * ssd-delta installed as an LA installs a tool: the packed tarball (`npm pack`) into an empty
 * folder, then its `ssd-delta` run from that folder, away from the repository: the first thing an
 * LA does, `validate` with a login that may only read a seeded SSD where nothing of ssd-delta's is.
 */
describe('the packed tarball, installed into an empty folder', function () {
  this.timeout(300_000);
  const folder = mkdtempSync(join(tmpdir(), 'ssd-delta-pack-'));
  const schema = `packed_${process.pid}_${Date.now().toString(36)}`;
  const role = `ssd_packed_ro_${process.pid}`;
  let bin = '';
  const query = (sql: string, params: unknown[] = []): Promise<unknown[]> => serverQuery(serverUrl as string, sql, params);
  const ssdDelta = (args: readonly string[], url: URL) =>
    spawnSync(bin, [...args, '--database-url', url.toString()], { cwd: join(folder, 'app'), encoding: 'utf8', env: { ...process.env, SSD_DELTA_LOG_LEVEL: 'warn' } });

  before(function () {
    if (!serverUrl) this.skip();
    compiledCli(); // dist/ is what the tarball carries (npm pack runs the build itself through `prepare`)
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', folder], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const [tarball] = readdirSync(folder).filter((f) => f.endsWith('.tgz'));
    const app = join(folder, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{"name": "la-install", "private": true}\n');
    // From the npm cache where it can (npm ci filled it): the suite should not depend on the registry's speed.
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', join(folder, tarball as string)], { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] });
    bin = join(app, 'node_modules', '.bin', 'ssd-delta');
  });

  after(async () => {
    rmSync(folder, { recursive: true, force: true });
    if (!serverUrl) return;
    await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    if ((await query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).length > 0) await query(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
  });

  it('answers --version and --help', () => {
    const version = spawnSync(bin, ['--version'], { cwd: join(folder, 'app'), encoding: 'utf8' });
    expect([version.status, version.stdout.trim()]).to.deep.equal([0, '0.1.0']);
    const help = spawnSync(bin, ['--help'], { cwd: join(folder, 'app'), encoding: 'utf8' });
    expect(help.status).to.equal(0);
    expect(help.stdout).to.match(/^Usage: ssd-delta/).and.include('validate');
  });

  it('validates a seeded SSD as a login that may only read it, creating nothing', async () => {
    await query(`CREATE SCHEMA ${schema}`);
    const owner = new URL(serverUrl as string);
    owner.searchParams.set('options', `-c search_path=${schema}`);
    const seeded = ssdDelta(['seed', '--children', '30'], owner);
    expect(seeded.status, seeded.stderr).to.equal(0);
    const tables = async (): Promise<unknown[]> => query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
    const before = await tables();
    expect(before).to.have.length(19);
    await query(`CREATE ROLE ${role} LOGIN`);
    await query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    const reader = new URL(owner);
    reader.username = role;
    const validate = ssdDelta(['validate', '--json'], reader);
    expect(validate.status, validate.stderr).to.equal(0);
    const report = JSON.parse(validate.stdout) as { documents: number; invalid: unknown[] };
    expect(report.documents).to.be.greaterThan(15);
    expect(report.invalid).to.deep.equal([]);
    expect(await tables()).to.deep.equal(before);
  });
});
