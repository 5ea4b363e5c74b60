import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_KEYS } from '../../src/config/config-keys.js';
import { minimumLeaseSeconds } from '../../src/config/lease-check.js';
import { loadConfig, PACKAGE_ROOT } from '../../src/config/load-config.js';
import { readCohortFile } from '../../src/config/read-cohort-file.js';
import { shownValue } from '../../src/config/shown-value.js';
import { ConfigError } from '../../src/core/errors.js';
import { DEFAULT_SUBMIT_POLICY, submitPolicyFromConfig } from '../../src/submit/submit-policy.js';

const fail = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};
const scratch = mkdtempSync(join(tmpdir(), 'ssd-delta-config-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let written = 0;
const file = (content: string): string => {
  const path = join(scratch, `config-${(written += 1)}.json`);
  writeFileSync(path, content);
  return path;
};

describe('the example configurations (config/example.json, config/examples/)', () => {
  it('each loads as a valid configuration, with its secrets in files (not read here)', () => {
    const folder = join(PACKAGE_ROOT, 'config', 'examples');
    const files = [join(PACKAGE_ROOT, 'config', 'example.json'), ...readdirSync(folder).map((f) => join(folder, f))];
    expect(files.map((f) => f.slice(PACKAGE_ROOT.length + 1)).sort()).to.deep.equal(['config/example.json', 'config/examples/eclipse-postgres.json', 'config/examples/mosaic-sqlserver.json', 'config/examples/systemc-sqlserver.json']);
    for (const file of files) {
      const config = loadConfig({ file, env: {}, readSecretFiles: false });
      expect(config.api.clientSecretFile, file).to.be.a('string');
      expect(config.database.url, file).to.be.a('string');
    }
    const variant = (name: string) => loadConfig({ file: join(folder, name), env: {}, readSecretFiles: false });
    expect([variant('mosaic-sqlserver.json').ssd.variant, variant('mosaic-sqlserver.json').database.ssdSchema]).to.deep.equal(['mosaic', 'ssd_mosaic']);
    expect(variant('systemc-sqlserver.json').database.ssdSchema).to.equal('ssd_development');
  });
});

describe('payload.cohortFile', () => {
  it('reads one person id per line, skipping blanks and # comments', () => {
    expect(readCohortFile(file('# LA cohort\n C1 \n\nC2\r\n'))).to.deep.equal(['C1', 'C2']);
  });

  it('is a config error when missing or empty (an empty list would take everyone out)', () => {
    expect(fail(() => readCohortFile('/nonexistent/cohort.txt')).message).to.match(/^payload\.cohortFile: \/nonexistent\/cohort\.txt cannot be read \(ENOENT\)/);
    expect(fail(() => readCohortFile(file('# nothing\n\n'))).message).to.match(/holds no person id/);
  });
});

describe('configuration', () => {
  it('fills defaults from config/default.json and freezes the result', () => {
    const config = loadConfig({ env: {} });
    expect(config.submit).to.deep.include({ batchSize: 100, concurrency: 4, leaseSeconds: 300 });
    // The code's own defaults (for callers without config) are the file's.
    expect(submitPolicyFromConfig(config.submit)).to.deep.equal(DEFAULT_SUBMIT_POLICY);
    expect(config.database.stagingTable).to.equal('ssd_api_data_staging');
    expect(Object.isFrozen(config.submit)).to.equal(true);
  });

  it('layers file <- environment <- flags', () => {
    const path = file(JSON.stringify({ submit: { batchSize: 10, concurrency: 2 } }));
    const config = loadConfig({ file: path, env: { SSD_DELTA_SUBMIT_CONCURRENCY: '3', SSD_DELTA_CAPTURE_CHUNK_SIZE: '500' }, flags: { 'capture.chunkSize': '250' } });
    expect([config.submit.batchSize, config.submit.concurrency, config.capture.chunkSize]).to.deep.equal([10, 3, 250]);
  });

  it('names the key, the source, the value and what is allowed for a bad value', () => {
    const error = fail(() => loadConfig({ env: {}, flags: { 'submit.batchSize': '500' } }));
    expect(error.message).to.equal('config: "submit.batchSize" (from command line) must be at most 100 (got 500); allowed: a whole number from 1 to 100');
    expect(error.exitCode).to.equal(2);
    expect(fail(() => loadConfig({ env: { SSD_DELTA_PAYLOAD_AS_OF: '2026-02-30' } })).message).to.match(/"payload.asOf" \(from environment\) must be a real calendar date/);
    expect(fail(() => loadConfig({ env: { SSD_DELTA_LOG_LEVEL: 'loud' } })).message).to.match(/"log.level".*allowed: one of trace/);
  });

  it('rejects unknown keys and malformed files, naming them', () => {
    expect(fail(() => loadConfig({ env: {}, file: file('{"submit":{"batchsize":5}}') })).message).to.match(/unknown key "submit.batchsize"/);
    expect(fail(() => loadConfig({ env: {}, file: file('{not json') })).message).to.match(/is not valid JSON/);
    expect(fail(() => loadConfig({ env: {}, file: '/nonexistent/ssd.json' })).message).to.match(/cannot be read \(ENOENT\)/);
  });

  it('refuses secrets in a config file but takes them from the environment or a secret file', () => {
    expect(fail(() => loadConfig({ env: {}, file: file('{"api":{"clientSecret":"s3cret"}}') })).message).to.match(/must not be in a config file; set SSD_DELTA_API_CLIENT_SECRET/);
    expect(loadConfig({ env: { SSD_DELTA_API_CLIENT_SECRET: 'from-env' } }).api.clientSecret).to.equal('from-env');
    const secretFile = file('from-file\n');
    expect(loadConfig({ env: {}, file: file(JSON.stringify({ api: { clientSecretFile: secretFile } })) }).api.clientSecret).to.equal('from-file');
  });

  it('never echoes a secret value, and masks the credentials of a URL value', () => {
    const secret = fail(() => loadConfig({ env: {}, flags: { 'api.clientSecret': 98765 } }));
    expect(secret.message).to.match(/"api.clientSecret" \(from command line\)/).and.not.match(/98765/);
    const key = fail(() => loadConfig({ env: {}, flags: { 'api.supplierKey': ['k3y-value'] } }));
    expect(key.message).to.match(/"api.supplierKey"/).and.not.match(/k3y-value/);
    const url = fail(() => loadConfig({ env: { SSD_DELTA_DATABASE_URL: 'mysql://admin:hunter2@db.example/ssd' } }));
    expect(url.message).to.contain('(got "mysql://***@db.example/ssd")').and.not.contain('hunter2');
    expect(shownValue('database.url', 'x://u:p@ss@h/db?sslpassword=pw2&a=1')).to.equal('"x://***@h/db?sslpassword=***&a=1"');
  });

  it('does not quote the text of a malformed config file (it may hold a connection string)', () => {
    const error = fail(() => loadConfig({ env: {}, file: file('{"database":{"url": postgres://u:hunter2@h/db}}') }));
    expect(error.message).to.match(/is not valid JSON: Unexpected token/).and.not.match(/hunter2|postgres:/);
  });

  it('requires submit.leaseSeconds above 4 * api.timeoutMs / 1000 + 30, naming both keys and the smallest lease', () => {
    expect(minimumLeaseSeconds(60_000)).to.equal(271);
    const error = fail(() => loadConfig({ env: { SSD_DELTA_API_TIMEOUT_MS: '200000' } }));
    expect(error.message).to.match(/^config: "submit.leaseSeconds" 300 \(from config\/default.json\) must be more than 4 \* "api.timeoutMs" \/ 1000 \+ 30 /);
    expect(error.message).to.contain('with api.timeoutMs 200000 (from environment) set submit.leaseSeconds to at least 831');
    expect(error.exitCode).to.equal(2);
    expect(loadConfig({ env: { SSD_DELTA_API_TIMEOUT_MS: '200000', SSD_DELTA_SUBMIT_LEASE_SECONDS: '831' } }).submit.leaseSeconds).to.equal(831);
    expect(fail(() => loadConfig({ env: {}, flags: { 'submit.leaseSeconds': '270' } })).message).to.contain('at least 271');
  });

  it('requires submit.leaseSeconds to outlast the longest backoff wait, naming the cap', () => {
    const error = fail(() => loadConfig({ env: { SSD_DELTA_SUBMIT_FORBIDDEN_CAP_MS: '300000' } }));
    expect(error.message).to.match(/^config: "submit.leaseSeconds" 300 \(from config\/default.json\) must be more than "submit.forbiddenCapMs" \/ 1000 \+ 30 /);
    expect(error.message).to.contain('with submit.forbiddenCapMs 300000 (from environment) set submit.leaseSeconds to at least 331');
  });

  it('derives one environment variable per key from the schema', () => {
    const env = CONFIG_KEYS.map((k) => k.env);
    expect(env).to.include.members(['SSD_DELTA_DATABASE_URL', 'SSD_DELTA_DATABASE_DATA_DIR', 'SSD_DELTA_SUBMIT_BATCH_SIZE', 'SSD_DELTA_API_CLIENT_SECRET']);
    expect(new Set(env).size).to.equal(env.length);
  });
});
