import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from '../../src/source/postgres/data-dir-lock.js';

describe('the embedded database serves one process: a lock file beside its folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssd-delta-lock-'));
  const db = join(dir, 'db');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names this process while it holds it, and is gone once released', () => {
    const release = lockDataDir(db);
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).to.include({ pid: process.pid, host: hostname() });
    release();
    expect(existsSync(`${db}.lock`)).to.equal(false);
  });

  it('refuses while another live process holds it, naming it and the way out', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(`${db}.lock`, JSON.stringify({ pid: other.pid, host: hostname(), since: '2026-12-03T10:00:00.000Z' }));
      let error: unknown;
      try {
        lockDataDir(db);
      } catch (e) {
        error = e;
      }
      expect(error).to.include({ code: 'EMBEDDED_IN_USE', exitCode: 1 });
      expect((error as Error).message).to.equal(`the embedded database at ${db} is open in another ssd-delta process (pid ${other.pid} on ${hostname()}, since 2026-12-03T10:00:00.000Z); it serves one process at a time: stop that one first (a running serve already runs every cycle), or use a Postgres server (database.url). If that process is gone (a machine or container that no longer exists), delete ${db}.lock`);
    } finally {
      other.kill('SIGKILL');
      rmSync(`${db}.lock`, { force: true });
    }
  });

  it('a lock naming this pid on another host (a container, node as pid 1) is another process\'s', () => {
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: process.pid, host: 'old-pod-7f9c', since: 'earlier' }));
    expect(() => lockDataDir(db)).to.throw(/open in another ssd-delta process \(pid \d+ on old-pod-7f9c/);
    rmSync(`${db}.lock`, { force: true });
  });

  it('takes over a lock left by a process that no longer runs (killed), or one that is not ssd-delta\'s', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: Number(gone.stdout), host: hostname(), since: 'earlier' }));
    lockDataDir(db)();
    writeFileSync(`${db}.lock`, '{"pid": 12');
    const release = lockDataDir(db);
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).to.include({ pid: process.pid });
    release();
  });
});
