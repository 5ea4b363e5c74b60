import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { startSimulatedApi, type SimulatedApi } from '../../src/simulate/simulated-api.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * An HTTP proxy on loopback that tunnels CONNECT (as LA proxies do for HTTPS); or, given
 * `refuse`, one that answers every CONNECT with that status, or drops it ('drop').
 */
async function startProxy(refuse?: number | 'drop'): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    seen.push(`CONNECT ${req.url}`);
    if (refuse === 'drop') return void client.destroy();
    if (refuse !== undefined) return void client.end(`HTTP/1.1 ${refuse} Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="LA"\r\nContent-Length: 0\r\n\r\n`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

describe('ssd-delta check-api', function () {
  this.timeout(120_000);
  let api: SimulatedApi;
  let env: Record<string, string>;
  before(async () => {
    api = await startSimulatedApi({ clientId: 'la-client', clientSecret: 'la-secret-value', supplierKey: 'la-supplier-key', laCode: '846', scope: 'csc' });
    env = {
      SSD_DELTA_API_BASE_URL: api.url, SSD_DELTA_API_TOKEN_ENDPOINT: api.tokenEndpoint, SSD_DELTA_API_LA_CODE: '846',
      SSD_DELTA_API_CLIENT_ID: 'la-client', SSD_DELTA_API_CLIENT_SECRET: 'la-secret-value', SSD_DELTA_API_SUPPLIER_KEY: 'la-supplier-key',
      SSD_DELTA_API_SCOPE: 'csc', SSD_DELTA_API_TIMEOUT_MS: '5000', HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '', NO_PROXY: '', no_proxy: '',
    };
  });
  after(() => api.close());
  const host = (): string => new URL(api.url).host;

  it('gets a token and posts nothing; with --probe posts one purge of a made-up child and shows its receipt', async () => {
    const plain = await runCli(['check-api'], env);
    expect([plain.code, plain.stdout]).to.deep.equal([0, `token: ok (${host()})\nnothing posted (add --probe to post one purge of a made-up child)\n`]);
    expect(api.requestCount).to.equal(0);
    const probe = await runCli(['check-api', '--probe'], env);
    expect(probe.code, probe.stderr).to.equal(0);
    expect(probe.stdout).to.match(new RegExp(`^token: ok \\(${host()}\\)\\nprobe: ok \\(${host()} answered HTTP 200, receipt \\S+_[0-9a-f-]{36}\\.json\\)\\n$`));
    expect(api.received().map((r) => r.document)).to.deep.equal([{ la_child_id: 'ZZSSDDELTAPROBE', purge: true }]);
  });

  const failures: Array<[string, Record<string, string>, string[], RegExp]> = [
    ['a wrong client secret', { SSD_DELTA_API_CLIENT_SECRET: 'wrong-one' }, [], /^ssd-delta: auth: \S+ refused the client id or secret \(HTTP 401\); check api\.clientId and SSD_DELTA_API_CLIENT_SECRET/],
    ['a wrong scope', { SSD_DELTA_API_SCOPE: 'other' }, [], /^ssd-delta: auth: \S+ refused the scope \(HTTP 400\); check api\.scope/],
    ['a wrong supplier key (probe)', { SSD_DELTA_API_SUPPLIER_KEY: 'not-the-key' }, ['--probe'], /^ssd-delta: api: \S+ refused the request \(403\); check the SupplierKey \(SSD_DELTA_API_SUPPLIER_KEY\) and api\.laCode/],
    ['a host that does not resolve', { SSD_DELTA_API_TOKEN_ENDPOINT: 'http://ssd-delta-nowhere.invalid/token' }, [], /^ssd-delta: DNS: cannot resolve ssd-delta-nowhere\.invalid/],
    ['a port nobody listens on', { SSD_DELTA_API_TOKEN_ENDPOINT: 'http://127.0.0.1:1/token' }, [], /^ssd-delta: TCP: 127\.0\.0\.1:1 refused the connection/],
    ['TLS spoken to a plain HTTP server', { SSD_DELTA_API_TOKEN_ENDPOINT: 'https://127.0.0.1:PORT/oauth2/token' }, [], /^ssd-delta: TLS: the connection to 127\.0\.0\.1:\d+ is not trusted \(\w+\); if this network inspects TLS, give its CA in NODE_EXTRA_CA_CERTS/],
  ];
  for (const [name, overrides, args, expected] of failures) {
    it(`explains ${name} in one line and exits 1, showing no secret`, async () => {
      const port = new URL(api.url).port;
      const changed = Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, v.replace('PORT', port)]));
      const result = await runCli(['check-api', ...args], { ...env, ...changed });
      expect(result.code, result.stdout).to.equal(1);
      expect(result.stderr).to.match(expected);
      expect(result.stderr.trim().split('\n')).to.have.length(1);
      expect(result.stderr).to.not.match(/la-secret-value|wrong-one|not-the-key|la-supplier-key/);
    });
  }

  it('goes through HTTP_PROXY, skips it for NO_PROXY hosts, and explains a proxy that wants a login or drops the tunnel', async () => {
    const proxy = await startProxy();
    try {
      // Lower-case names win where both are set (as curl does); set both as an LA's shell might.
      const through = await runCli(['check-api', '--probe'], { ...env, HTTP_PROXY: proxy.url, http_proxy: proxy.url });
      expect(through.code, through.stderr).to.equal(0);
      expect(proxy.seen.length).to.be.greaterThan(0);
      expect(new Set(proxy.seen)).to.deep.equal(new Set([`CONNECT ${host()}`]));
      const seen = proxy.seen.length;
      const direct = await runCli(['check-api'], { ...env, HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' });
      expect(direct.code, direct.stderr).to.equal(0);
      expect(proxy.seen).to.have.length(seen);
    } finally {
      await proxy.close();
    }
    for (const [refuse, expected] of [[407, /^ssd-delta: proxy: the proxy asks for a login \(407\); give it in the proxy URL/], ['drop', /^ssd-delta: proxy: the proxy closed the connection instead of opening a tunnel to 127\.0\.0\.1:\d+/]] as const) {
      const locked = await startProxy(refuse);
      try {
        const refused = await runCli(['check-api'], { ...env, HTTP_PROXY: locked.url, http_proxy: locked.url });
        expect(refused.code, refused.stdout).to.equal(1);
        expect(refused.stderr).to.match(expected);
        // One CONNECT, not a storm of them (undici 7 retries a dropped CONNECT in a tight loop).
        expect(locked.seen.length).to.be.at.most(2);
      } finally {
        await locked.close();
      }
    }
  });
});
