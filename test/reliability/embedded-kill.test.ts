import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { openPglite } from '../../src/source/postgres/pglite-connection.js';
import { compiledCli } from '../helpers/compiled-cli.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDataDirs } from '../helpers/temp-data-dirs.js';

/**
 * Starts the compiled CLI with debug logs and SIGKILLs it the moment its log has said `what` for
 * the `nth` time: a kill at a known point of its work, whatever the machine's speed. Resolves to
 * whether it was killed (false: it ended first).
 */
function killWhen(args: readonly string[], what: string, nth: number, env: Readonly<Record<string, string>> = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [compiledCli(), ...args, '--log-level', 'debug'], {
      cwd: PACKAGE_ROOT,
      env: { ...process.env, SSD_DELTA_CAPTURE_CHUNK_SIZE: '100', SSD_DELTA_SUBMIT_BATCH_SIZE: '20', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let seen = 0;
    let killed = false;
    let pending = '';
    child.stderr.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (!killed && line.includes(`"msg":"${what}`) && (seen += 1) === nth) killed = child.kill('SIGKILL');
    });
    child.on('close', () => resolve(killed));
  });
}

describe('the embedded database when its process is killed mid-write (PGlite)', function () {
  this.timeout(600_000);
  const dirs = tempDataDirs('ssd-delta-pglite-kill-');
  after(() => dirs.cleanup());

  it('a data directory left by SIGKILLs while cycles mark and send opens, and the next run completes', async () => {
    const db = dirs.next();
    expect((await runCli(['seed', '--children', '1000', '--seed', '4', '--data-dir', db])).code).to.equal(0);
    expect((await runCli(['init', '--data-dir', db])).code).to.equal(0);
    const run = ['run', '--simulated-api', '--data-dir', db];
    // Each kill follows the first sign of a stage while seconds of its work are still to come: the
    // first cycle's first chunk of staging rows committed (nine more and the sending to come); the
    // next run's first POST answer recorded (about ten more); a delta cycle's first chunk after a
    // round of changes twenty times the usual size (taken at once: it is not a load to wait for).
    const kills = [await killWhen(run, 'chunk marked', 1), await killWhen(run, 'POST recorded', 1)];
    expect((await runCli(['simulate', '--round', '1', '--scale', '20', '--data-dir', db])).code).to.equal(0);
    kills.push(await killWhen(run, 'chunk marked', 1, { SSD_DELTA_CAPTURE_RELOAD_GRACE_MINUTES: '0' }));
    expect(kills, 'each process killed before it ended').to.deep.equal([true, true, true]);

    const status = await runCli(['status', '--data-dir', db]);
    expect(status.code, `the data directory opens: ${status.stderr}`).to.equal(0);
    // A run takes the killed runs' leases over at once, but a child changed since (the simulated
    // round) waits until the killed run's lease runs out (submit.leaseSeconds, five minutes), when
    // its unanswered POST can no longer arrive: the third run took the second's over (fencing
    // those children) before it was killed in turn. Let the leases and the fences run out now.
    const pglite = await openPglite(db);
    await pglite.exec("UPDATE ssd_api_data_staging SET lease_expires_at = now() - interval '1 second' WHERE lease_expires_at IS NOT NULL");
    await pglite.exec("UPDATE ssd_api_data_staging SET fence_until = now() - interval '1 second' WHERE fence_until > now()");
    await pglite.close();
    const done = await runCli(run);
    expect(done.code, done.stderr).to.equal(0);
    const after = JSON.parse((await runCli(['status', '--json', '--data-dir', db])).stdout) as { counts: Array<{ submissionStatus: string; count: number }> };
    expect(after.counts.filter((c) => c.submissionStatus !== 'sent' && c.submissionStatus !== 'invalid'), 'everything sent').to.deep.equal([]);
    const reconciled = await runCli(['reconcile', '--data-dir', db]);
    expect(reconciled.code, `nothing the API should hold is missing: ${reconciled.stdout}`).to.equal(0);
  });
});
