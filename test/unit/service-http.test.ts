import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { loopbackHost } from '../../src/config/serve-exposure.js';
import { ConfigError } from '../../src/core/errors.js';
import { readTls } from '../../src/serve/tls-files.js';
import { startServiceHttp, textReply, type ServiceHttp, type ServiceHttpOptions } from '../../src/serve/service-http.js';

/** Certificates, keys and token files of these tests, removed afterwards. */
const scratch = mkdtempSync(join(tmpdir(), 'ssd-delta-http-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const TOKEN = 'a-token-of-at-least-24-characters';

/** One GET: its status, a header and its body (TLS trusted by `ca`). */
function get(url: string, headers: Record<string, string> = {}, ca?: string): Promise<{ status: number; body: string; challenge: string | undefined }> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, { headers, ca, servername: ca ? 'localhost' : undefined }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, challenge: res.headers['www-authenticate'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The endpoints with an open page, one that needs the token (`/ids`), and /healthz. */
async function serve(options: Partial<ServiceHttpOptions>): Promise<ServiceHttp> {
  const routes = { '/': () => textReply(200, 'page'), '/ids': () => textReply(200, 'child ids'), '/healthz': () => textReply(200, 'ok') };
  return startServiceHttp({ listen: '127.0.0.1:0', allowRemote: false, tokenPaths: ['/ids'], ...options }, routes, () => undefined);
}

/** An address of this machine other than loopback: a request to it comes from "another machine" as far as the server can tell. */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

describe('serve: who the endpoints answer (serve.allowRemote, serve.token)', () => {
  it('a loopback name is host:port or host of 127.x, localhost or [::1]', () => {
    for (const host of ['127.0.0.1:9464', 'localhost:9464', 'LOCALHOST', '[::1]:9464', '127.1.2.3']) expect(loopbackHost(host), host).to.equal(true);
    for (const host of ['evil.example:9464', 'evil.example', '127.0.0.1.evil.example', '10.0.0.5:9464', '0.0.0.0:9464']) expect(loopbackHost(host), host).to.equal(false);
  });

  it('on loopback: answers local requests, 421 to a request addressed by another name (DNS rebinding); child ids only with the token', async () => {
    const access: Array<{ path: string; status: number }> = [];
    const server = await serve({ token: TOKEN, onAccess: ({ path, status }) => void access.push({ path, status }) });
    try {
      expect(await get(`${server.url}/`)).to.include({ status: 200, body: 'page\n' });
      expect((await get(`${server.url}/`, { host: 'evil.example' })).status).to.equal(421);
      // A proxy on this machine sending the upstream's loopback address as Host (nginx's default): not local.
      expect((await get(`${server.url}/`, { 'x-forwarded-for': '10.1.2.3' })).status).to.equal(421);
      expect((await get(`${server.url}/`, { forwarded: 'for=10.1.2.3' })).status).to.equal(421);
      const refused = await get(`${server.url}/ids`);
      expect(refused.status).to.equal(401);
      expect(refused.challenge).to.match(/^Basic realm="ssd-delta"/);
      expect((await get(`${server.url}/ids`, { authorization: 'Bearer wrong-token-wrong-token-wrong' })).status).to.equal(401);
      expect(await get(`${server.url}/ids`, { authorization: `Bearer ${TOKEN}` })).to.include({ status: 200, body: 'child ids\n' });
      const basic = Buffer.from(`operator:${TOKEN}`).toString('base64');
      expect((await get(`${server.url}/ids`, { authorization: `Basic ${basic}` })).status).to.equal(200);
      // The token opens the door even under another name: it is what a reverse proxy forwards.
      expect((await get(`${server.url}/`, { host: 'ssd.example', authorization: `Bearer ${TOKEN}` })).status).to.equal(200);
      // For the LA's audit: every refusal, and every sight of child ids; the open page is not noted.
      expect(access).to.deep.equal([
        { path: '/', status: 421 }, { path: '/', status: 421 }, { path: '/', status: 421 },
        { path: '/ids', status: 401 }, { path: '/ids', status: 401 }, { path: '/ids', status: 200 }, { path: '/ids', status: 200 },
      ]);
    } finally {
      await server.close();
    }
    const tokenless = await serve({});
    try {
      const closed = await get(`${tokenless.url}/ids`, { authorization: 'Bearer anything-at-all-anything-at-all' });
      expect(closed.status).to.equal(403);
      expect(closed.body).to.match(/needs serve.token: set SSD_DELTA_SERVE_TOKEN/);
    } finally {
      await tokenless.close();
    }
  });

  it('with allowRemote: a request by another name needs the token (401 with a Basic challenge a browser answers), /healthz answers anyone', async () => {
    const server = await serve({ allowRemote: true, token: TOKEN });
    try {
      const refused = await get(`${server.url}/`, { host: 'ssd.example' });
      expect(refused.status).to.equal(401);
      expect(refused.challenge).to.match(/^Basic realm="ssd-delta"/);
      expect(refused.body).to.not.include(TOKEN);
      expect((await get(`${server.url}/`, { host: 'ssd.example', authorization: 'Bearer not-the-token-not-the-token' })).status).to.equal(401);
      expect(await get(`${server.url}/ids`, { host: 'ssd.example', authorization: `Bearer ${TOKEN}` })).to.include({ status: 200, body: 'child ids\n' });
      expect((await get(`${server.url}/healthz`, { host: 'ssd.example' })).status).to.equal(200);
      // Opened to other machines, even a request that looks local needs the token: a proxy here may be forwarding it.
      expect((await get(`${server.url}/`)).status).to.equal(401);
      expect((await get(`${server.url}/`, { authorization: `Bearer ${TOKEN}` })).body).to.equal('page\n');
    } finally {
      await server.close();
    }
  });

  it('with allowRemote: a request from another address needs the token even when it names localhost', async function () {
    const address = outsideAddress();
    if (!address) this.skip(); // a machine with loopback alone: there is no other address to come from
    const server = await serve({ listen: `${address}:0`, allowRemote: true, token: TOKEN });
    try {
      expect((await get(`${server.url}/`, { host: 'localhost' })).status).to.equal(401);
      expect((await get(`${server.url}/`, { authorization: `Bearer ${TOKEN}` })).status).to.equal(200);
    } finally {
      await server.close();
    }
  });

  it('answers over TLS with serve.tlsCertFile and serve.tlsKeyFile', async function () {
    const dir = mkdtempSync(join(scratch, 'tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    } catch (error) {
      if (process.env.SSD_DELTA_REQUIRE_OPENSSL) throw error;
      this.skip(); // no openssl here to make a certificate (CI installs it)
    }
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    // Files that are not a certificate and its key are refused by name before anything listens.
    for (const [certFile, keyFile] of [[join(dir, 'cert.pem'), join(dir, 'cert.pem')], [join(dir, 'key.pem'), join(dir, 'key.pem')]] as const) {
      expect(() => readTls(certFile, keyFile)).to.throw(ConfigError, /^serve\.tlsCertFile .* and serve\.tlsKeyFile .* are not a PEM certificate and its unencrypted private key/);
    }
    const server = await serve({ tls: readTls(join(dir, 'cert.pem'), join(dir, 'key.pem')), allowRemote: true, token: TOKEN });
    try {
      expect(server.url).to.match(/^https:\/\//);
      expect(await get(`${server.url}/ids`, { authorization: `Bearer ${TOKEN}` }, cert)).to.include({ status: 200, body: 'child ids\n' });
      expect((await get(`${server.url}/`, { host: 'ssd.example' }, cert)).status).to.equal(401);
    } finally {
      await server.close();
    }
  });
});

describe('serve: config for listening beyond loopback', () => {
  const fail = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig({ env, serving: true });
    } catch (error) {
      expect(error).to.be.instanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };
  const pem = (): string => {
    const path = join(mkdtempSync(join(scratch, 'pem-')), 'x.pem');
    writeFileSync(path, 'not read by loadConfig');
    return path;
  };

  it('refuses a public address without allowRemote, a token and TLS, each with what to set', () => {
    expect(fail({ SSD_DELTA_SERVE_LISTEN: '0.0.0.0:9464' })).to.match(/"serve.listen" 0.0.0.0:9464 \(from environment\) is not a loopback address.*set serve.allowRemote true/);
    expect(fail({ SSD_DELTA_SERVE_LISTEN: '0.0.0.0:9464', SSD_DELTA_SERVE_ALLOW_REMOTE: 'true' })).to.match(/"serve.token" is not set: set SSD_DELTA_SERVE_TOKEN/);
    expect(fail({ SSD_DELTA_SERVE_LISTEN: '0.0.0.0:9464', SSD_DELTA_SERVE_ALLOW_REMOTE: 'true', SSD_DELTA_SERVE_TOKEN: TOKEN })).to.match(/TLS is not set: set serve.tlsCertFile and serve.tlsKeyFile/);
    expect(fail({ SSD_DELTA_SERVE_ALLOW_REMOTE: 'true', SSD_DELTA_SERVE_TOKEN: 'short' })).to.match(/"serve.token" \(from environment\) must be at least 24 characters/);
    expect(fail({ SSD_DELTA_SERVE_TOKEN: ' '.repeat(30) })).to.match(/"serve.token" \(from environment\) must be at least 24 characters, printable and without spaces/);
    expect(fail({ SSD_DELTA_SERVE_TOKEN: 'ab'.repeat(20) })).to.match(/"serve.token" \(from environment\) must not repeat a few characters/);
    expect(fail({ SSD_DELTA_SERVE_TLS_CERT_FILE: pem() })).to.match(/"serve.tlsCertFile" \(from environment\) is set but "serve.tlsKeyFile" is not/);
    expect(fail({ SSD_DELTA_SERVE_ALLOW_REMOTE: 'true' })).to.match(/"serve.allowRemote" is true \(from environment\) but "serve.token" is not set/);
  });

  it('takes a public address with all three, and loopback with allowRemote and a token (a TLS proxy in front)', () => {
    const remote = loadConfig({ serving: true, env: { SSD_DELTA_SERVE_LISTEN: '0.0.0.0:9464', SSD_DELTA_SERVE_ALLOW_REMOTE: 'true', SSD_DELTA_SERVE_TOKEN: TOKEN, SSD_DELTA_SERVE_TLS_CERT_FILE: pem(), SSD_DELTA_SERVE_TLS_KEY_FILE: pem() } });
    expect(remote.serve).to.include({ listen: '0.0.0.0:9464', allowRemote: true, token: TOKEN });
    expect(loadConfig({ serving: true, env: { SSD_DELTA_SERVE_ALLOW_REMOTE: 'true', SSD_DELTA_SERVE_TOKEN: TOKEN } }).serve.listen).to.equal('127.0.0.1:9464');
  });

  it('only serve checks it: config and status still answer with a serve setting that serve would refuse', () => {
    expect(loadConfig({ env: { SSD_DELTA_SERVE_LISTEN: '0.0.0.0:9464' } }).serve.listen).to.equal('0.0.0.0:9464');
  });

  it('reads the token from serve.tokenFile and never from a config file', () => {
    const dir = mkdtempSync(join(scratch, 'token-'));
    writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
    expect(loadConfig({ serving: true, env: { SSD_DELTA_SERVE_TOKEN_FILE: join(dir, 'token') } }).serve.token).to.equal(TOKEN);
    // As Windows PowerShell 5.1's `>` writes it: UTF-16 with a byte-order mark.
    writeFileSync(join(dir, 'token16'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${TOKEN}\r\n`, 'utf16le')]));
    expect(loadConfig({ serving: true, env: { SSD_DELTA_SERVE_TOKEN_FILE: join(dir, 'token16') } }).serve.token).to.equal(TOKEN);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ serve: { token: TOKEN } }));
    expect(fail({ SSD_DELTA_CONFIG: join(dir, 'config.json') })).to.match(/"serve.token" must not be in a config file; set SSD_DELTA_SERVE_TOKEN or serve.tokenFile/);
  });
});
