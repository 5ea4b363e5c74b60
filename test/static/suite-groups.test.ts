import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

/** The groups `npm test` would run (test/run-suite.mjs --list), with `env` for the servers' variables. */
function groups(env: Record<string, string>): { server: string[]; disruptive: string[]; free: string[] } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'SSD_DELTA_TEST_PG_URL' && k !== 'SSD_DELTA_MSSQL_URL'));
  const run = spawnSync(process.execPath, ['test/run-suite.mjs', '--list'], { cwd: PACKAGE_ROOT, encoding: 'utf8', env: { ...clean, ...env } });
  expect(run.status, run.stderr).to.equal(0);
  const [server = '', free = ''] = run.stdout.split('never uses one:\n');
  const files = (text: string) => text.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.trim());
  return {
    server: files(server).map((l) => l.replace(' (disruptive)', '')),
    disruptive: files(server).filter((l) => l.endsWith(' (disruptive)')).map((l) => l.replace(' (disruptive)', '')),
    free: files(free),
  };
}

describe('npm test: which files may run beside which (test/run-suite.mjs)', () => {
  it('runs the files that restart the Postgres server or watch its sessions alone, and keeps every server file out of the server-free group', () => {
    const g = groups({ SSD_DELTA_TEST_PG_URL: 'postgres://127.0.0.1:1/none' });
    expect(g.disruptive).to.have.members(['test/reliability/database-goes-away.test.ts', 'test/reliability/unattended-serve.test.ts', 'test/reliability/reload-race.test.ts']);
    expect(g.server).to.include.members(['test/integration/receiver-consistency.test.ts', 'test/integration/lock-lost-marking.test.ts', 'test/reliability/kills-under-load.test.ts', 'test/integration/cli-read-only.test.ts']);
    expect(g.free).to.include.members(['test/integration/cli.test.ts', 'test/unit/config.test.ts']);
    expect(g.free.filter((f) => g.server.includes(f))).to.deep.equal([]);
    expect(g.server.length + g.free.length).to.be.greaterThan(100);
  });

  it('puts the live SQL Server suite with the server files, and everything in one group when no server is set', () => {
    expect(groups({ SSD_DELTA_MSSQL_URL: 'mssql://127.0.0.1:1/none_test' }).server).to.include.members(['test/integration/sqlcmd-live.test.ts', 'test/integration/fingerprint-capture.test.ts']);
    const none = groups({});
    expect([none.server, none.disruptive]).to.deep.equal([[], []]);
    expect(none.free).to.include('test/reliability/unattended-serve.test.ts');
  });
});
