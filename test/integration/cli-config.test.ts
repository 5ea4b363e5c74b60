import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

interface Shown {
  key: string;
  value: string;
  source: string;
}

describe('ssd-delta config: the effective configuration and where each value came from', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'ssd-delta-config-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names the layer of every key (default, file, environment, flag), shows no secret and opens nothing', async () => {
    const file = join(dir, 'la.json');
    const secret = join(dir, 'client-secret.txt');
    writeFileSync(secret, 's3cr3t-from-file\n');
    // The supplier key's file is not there (another account's): config does not read secret files.
    writeFileSync(file, JSON.stringify({ payload: { mode: 'partial' }, submit: { concurrency: 3 }, api: { clientSecretFile: secret, supplierKeyFile: join(dir, 'absent.txt') } }));
    const env = { SSD_DELTA_SUBMIT_BATCH_SIZE: '50', SSD_DELTA_DATABASE_PASSWORD: 'hunter2', SSD_DELTA_DATABASE_URL: 'postgres://loader:pw-in-url@db.la.local/ssd' };
    const json = await runCli(['config', '--json', '--config', file, '--concurrency', '7'], env);
    expect(json.code, json.stderr).to.equal(0);
    const keys = new Map((JSON.parse(json.stdout) as Shown[]).map((k) => [k.key, k]));
    expect(keys.get('payload.mode')).to.deep.equal({ key: 'payload.mode', value: '"partial"', source: `file ${file}` });
    expect(keys.get('submit.concurrency'), 'a flag beats the file').to.deep.include({ value: '7', source: 'flag' });
    expect(keys.get('submit.batchSize')).to.deep.include({ value: '50', source: 'environment SSD_DELTA_SUBMIT_BATCH_SIZE' });
    expect(keys.get('submit.leaseSeconds')).to.deep.include({ value: '300', source: 'default' });
    expect(keys.get('database.password')).to.deep.include({ value: '***', source: 'environment SSD_DELTA_DATABASE_PASSWORD' });
    expect(keys.get('api.clientSecret')).to.deep.include({ value: '***', source: `file ${file} (the file api.clientSecretFile names)` });
    expect(keys.get('api.supplierKey')).to.deep.include({ value: '***', source: `file ${file} (the file api.supplierKeyFile names)` });
    expect(keys.get('schedule.cycle'), "serve's keys too").to.deep.include({ value: '"0 * * * * *"', source: 'default' });
    expect(keys.get('database.url')?.value).to.equal('"postgres://***@db.la.local/ssd"');
    for (const out of [json.stdout, json.stderr]) expect(out).to.not.match(/hunter2|s3cr3t|pw-in-url/);

    const table = await runCli(['config', '--config', file], env);
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout).to.match(/^submit\.concurrency +3 +file .*la\.json$/m);
    expect(table.stdout).to.match(/^submit\.batchSize +50 +environment SSD_DELTA_SUBMIT_BATCH_SIZE$/m);
    expect(table.stdout).to.not.match(/hunter2|s3cr3t|pw-in-url/);
    expect(table.stderr).to.equal('');
  });

  it('a bad value is the same one clear line and exit 2 as for run', async () => {
    const result = await runCli(['config'], { SSD_DELTA_SUBMIT_BATCH_SIZE: '500' });
    expect(result.code).to.equal(2);
    expect(result.stderr.trim().split('\n')).to.have.length(1);
    expect(result.stderr).to.match(/^ssd-delta: config: "submit\.batchSize" \(from environment\)/);
  });
});
