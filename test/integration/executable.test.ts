import { expect } from 'chai';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { VERSION } from '../../src/core/version.js';
import { serverQuery } from '../helpers/server-query.js';

const serverUrl = process.env.SSD_DELTA_TEST_PG_URL;

/** The exit code and output of a process run to its end. */
function finished(child: ReturnType<typeof spawn>): Promise<{ status: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}

/**
 * The Linux single-file executable (`npm run package`), built from this checkout and run from
 * a folder far from it, with no package, node_modules or Node of its own beside it: what an LA
 * without Node.js on its server runs.
 */
describe('the single-file executable (linux-x64)', function () {
  this.timeout(300_000);
  const folder = mkdtempSync(join(tmpdir(), 'ssd-delta-executable-'));
  const unpackDir = join(folder, 'unpacked');
  const schema = `executable_${process.pid}_${Date.now().toString(36)}`;
  const executable = join(folder, `ssd-delta-${VERSION}-linux-x64`);
  const env = { ...process.env, SSD_DELTA_UNPACK_DIR: unpackDir, SSD_DELTA_LOG_LEVEL: 'warn' };
  const run = (args: readonly string[]) => spawnSync(executable, args, { cwd: folder, encoding: 'utf8', env });

  before(function () {
    if (process.platform !== 'linux' || process.arch !== 'x64') this.skip();
    execFileSync('npm', ['run', '--silent', 'package', '--', '--target', 'linux-x64', '--out', folder], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  });

  after(async () => {
    rmSync(folder, { recursive: true, force: true });
    if (serverUrl) await serverQuery(serverUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('unpacks its files once (two started together leave one folder, whichever wrote it) and answers --version', async () => {
    const both = await Promise.all([0, 1].map(() => finished(spawn(executable, ['--version'], { cwd: folder, env }))));
    expect(both.map((b) => [b.status, b.stderr])).to.deep.equal([[0, ''], [0, '']]);
    const unpacked = readdirSync(unpackDir);
    expect(unpacked, 'one folder for this build, no half-written copy left').to.have.length(1);
    expect(existsSync(join(unpackDir, unpacked[0] as string, 'sql', 'postgres', 'migrations'))).to.equal(true);
    const version = run(['--version']);
    expect([version.status, version.stdout.trim()]).to.deep.equal([0, VERSION]);
    expect(readdirSync(unpackDir)).to.deep.equal(unpacked);
  });

  it('never runs unpacked files someone changed or removed: it unpacks them again', () => {
    const [build] = readdirSync(unpackDir);
    const root = join(unpackDir, build as string);
    const defaults = readFileSync(join(root, 'config', 'default.json'), 'utf8');
    const planted = JSON.parse(defaults) as { submit: { batchSize: number } };
    const batchSize = planted.submit.batchSize;
    planted.submit.batchSize = 7;
    writeFileSync(join(root, 'config', 'default.json'), JSON.stringify(planted));
    rmSync(join(root, 'sql', 'postgres', 'queries', 'read-changes.sql'));
    const shown = run(['config', '--json']);
    expect(shown.status, shown.stderr).to.equal(0);
    const shownBatch = (JSON.parse(shown.stdout) as Array<{ key: string; value: unknown }>).find((k) => k.key === 'submit.batchSize');
    expect(String(shownBatch?.value)).to.equal(String(batchSize));
    expect(readFileSync(join(root, 'config', 'default.json'), 'utf8')).to.equal(defaults);
    expect(existsSync(join(root, 'sql', 'postgres', 'queries', 'read-changes.sql'))).to.equal(true);
    expect(readdirSync(unpackDir), 'the damaged copy is gone').to.deep.equal([build]);
  });

  it('refuses an unpack folder other accounts may write', () => {
    chmodSync(unpackDir, 0o777);
    try {
      const refused = run(['--version']);
      expect(refused.status).to.equal(1);
      expect(refused.stderr).to.match(/writable by others \(mode 777\).*Set SSD_DELTA_UNPACK_DIR to a folder only this account may write/);
    } finally {
      chmodSync(unpackDir, 0o700);
    }
  });

  it('runs the demo on its embedded database (PGlite from inside the executable)', () => {
    const demo = run(['demo', '--children', '50']);
    expect(demo.status, demo.stderr).to.equal(0);
    expect(demo.stdout).to.match(/the simulated API received \d+ documents for 50 children/);
    expect(demo.stdout).to.match(/^first\s+0\s+50\s/m);
  });

  it('seeds and validates an SSD on a Postgres server, with readable log lines (--pretty)', async function () {
    if (!serverUrl) this.skip();
    await serverQuery(serverUrl, `CREATE SCHEMA ${schema}`);
    const url = new URL(serverUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const seeded = run(['seed', '--children', '30', '--database-url', url.toString()]);
    expect(seeded.status, seeded.stderr).to.equal(0);
    const validate = run(['validate', '--json', '--pretty', '--database-url', url.toString()]);
    expect(validate.status, validate.stderr).to.equal(0);
    const report = JSON.parse(validate.stdout) as { documents: number; invalid: unknown[] };
    expect(report.documents).to.be.greaterThan(15);
    expect(report.invalid).to.deep.equal([]);
    // Nothing installed yet: the warning says so, as a line a person reads, not JSON.
    expect(validate.stderr).to.match(/WARN.*ssd-delta is not installed/);
  });
});
