import { expect } from 'chai';
import { openPglite } from '../../src/source/postgres/pglite-connection.js';
import { existsSync } from 'node:fs';
import { runCli } from '../helpers/run-cli.js';
import { tempDataDirs } from '../helpers/temp-data-dirs.js';

describe('ssd-delta CLI', function () {
  this.timeout(180_000);
  const dirs = tempDataDirs('ssd-delta-cli-');
  const dataDir = (): string => dirs.next();
  after(() => dirs.cleanup());

  it('exits 2 with one line naming the key for a bad config value', async () => {
    const flag = await runCli(['run', '--batch-size', '500', '--data-dir', dataDir()]);
    expect(flag.code).to.equal(2);
    expect(flag.stderr.trim()).to.equal('ssd-delta: config: "submit.batchSize" (from command line) must be at most 100 (got 500); allowed: a whole number from 1 to 100');
    const env = await runCli(['status', '--data-dir', dataDir()], { SSD_DELTA_SUBMIT_CONCURRENCY: 'many' });
    expect(env.code).to.equal(2);
    expect(env.stderr).to.match(/"submit.concurrency" \(from environment\)/);
  });

  it('exits 2 for an unknown option (one line) and 0 for --help', async () => {
    const bogus = await runCli(['run', '--bogus']);
    expect(bogus.code).to.equal(2);
    expect(bogus.stderr).to.equal("ssd-delta: unknown option '--bogus' (see ssd-delta run --help)\n");
    const help = await runCli(['run', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/--database-url <url>/).and.match(/--simulated-api/);
  });

  it('init names the SSD tables it expected and did not find, and exits 2', async () => {
    const result = await runCli(['init', '--data-dir', dataDir()]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/SSD tables expected and not found: ssd_address, ssd_assessment_factors, .*ssd_sdq_scores/);
    expect(result.stdout).to.match(/migrations applied: 0001_staging.sql/);
  });

  it('says which server it cannot reach (no password) and exits 1', async () => {
    const result = await runCli(['status', '--database-url', 'postgres://user:s3cret@127.0.0.1:1/nothing']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/cannot connect to postgres 127\.0\.0\.1:1\/nothing: connection refused \(ECONNREFUSED\); check database\.url/);
    expect(result.stderr).to.not.match(/s3cret/);
  });

  it('run without API settings names what is missing and exits 2, before opening the database', async () => {
    const dir = dataDir();
    const result = await runCli(['run', '--data-dir', dir]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/api\.baseUrl \(or SSD_DELTA_API_BASE_URL\)/);
    expect(existsSync(dir)).to.equal(false);
  });

  it('seed, init, run and status work together on a kept data directory', async () => {
    const dir = dataDir();
    const seed = await runCli(['seed', '--children', '60', '--data-dir', dir]);
    expect(seed.code, seed.stderr).to.equal(0);
    expect(seed.stdout).to.match(/seeded \d+ rows for 60 children/);
    const early = await runCli(['run', '--simulated-api', '--data-dir', dir]);
    expect(early.code).to.equal(2);
    expect(early.stderr).to.match(/no ssd-delta tables in .*: run `ssd-delta init` first/);
    const init = await runCli(['init', '--data-dir', dir]);
    expect(init.code, init.stderr).to.equal(0);
    // Set up for direct capture, run in fingerprint mode: it would read no changes, so it refuses.
    const otherMode = await runCli(['run', '--simulated-api', '--data-dir', dir], { SSD_DELTA_CAPTURE_MODE: 'fingerprint' });
    expect(otherMode.code).to.equal(2);
    expect(otherMode.stderr).to.match(/change capture is not installed on .*: run `ssd-delta init` first/);
    const run = await runCli(['run', '--simulated-api', '--data-dir', dir]);
    expect(run.code, run.stderr).to.equal(0);
    const sent = Number(/^run\s+\d+\s+\d+\s+\d+\s+(\d+)/m.exec(run.stdout)?.[1]); // changes, touched, due, new
    expect(sent).to.be.greaterThan(40);
    expect((await runCli(['simulate', '--round', '1', '--data-dir', dir])).code).to.equal(0);
    const status = await runCli(['status', '--json', '--data-dir', dir]);
    expect(JSON.parse(status.stdout).counts).to.deep.equal([{ rowState: 'new', submissionStatus: 'sent', count: sent }]);

    // An upgrade: a newer version's migration not yet applied. Only init applies it.
    const pglite = await openPglite(dir);
    await pglite.exec("DELETE FROM ssd_delta_migration WHERE name = '0009_named_streams.sql'");
    await pglite.close();
    const older = await runCli(['run', '--simulated-api', '--data-dir', dir]);
    expect(older.code, older.stderr).to.equal(2);
    expect(older.stderr).to.match(/older than this version \(not yet applied: 0009_named_streams\.sql\): .*run `ssd-delta init`/);
    expect((await runCli(['run', '--simulated-api', '--data-dir', dir])).code, 'run applied nothing').to.equal(2);
    expect((await runCli(['init', '--data-dir', dir])).code).to.equal(0);
    expect((await runCli(['run', '--simulated-api', '--data-dir', dir])).code).to.equal(0);
  });
});
