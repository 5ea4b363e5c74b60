import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_KEYS } from '../../src/config/config-keys.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/core/errors.js';

const fail = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
};
const file = (content: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'ssd-delta-config-')), 'config.json');
  writeFileSync(path, content);
  return path;
};

describe('configuration', () => {
  it('fills defaults from config/default.json and freezes the result', () => {
    const config = loadConfig({ env: {} });
    expect(config.submit).to.deep.equal({ batchSize: 100, concurrency: 4, leaseSeconds: 300 });
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

  it('derives one environment variable per key from the schema', () => {
    const env = CONFIG_KEYS.map((k) => k.env);
    expect(env).to.include.members(['SSD_DELTA_DATABASE_URL', 'SSD_DELTA_DATABASE_DATA_DIR', 'SSD_DELTA_SUBMIT_BATCH_SIZE', 'SSD_DELTA_API_CLIENT_SECRET']);
    expect(new Set(env).size).to.equal(env.length);
  });
});
