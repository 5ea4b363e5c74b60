import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readiness } from './service-health.js';

/** The HTTP endpoints of `serve`. */
export interface HealthServer {
  /** Where it listens, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Listens on `listen` (a loopback host:port; the config refuses any other): `/healthz` answers
 * 200 while the process runs, `/readyz` 200 or 503 with a one-line reason. Text only, no
 * personal data, nothing but GET.
 */
export async function startHealthServer(listen: string, readiness: () => Readiness): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const reply = (status: number, text: string): void => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      response.end(`${text}\n`);
    };
    // HEAD too: probes (curl -I, load balancers) ask with it.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return reply(405, 'only GET and HEAD');
    }
    if (path === '/healthz') return reply(200, 'ok');
    if (path === '/readyz') {
      const r = readiness();
      return reply(r.ready ? 200 : 503, `${r.ready ? 'ready' : 'not ready'}: ${r.reason}`);
    }
    return reply(404, 'not found: /healthz or /readyz');
  });
  const separator = listen.lastIndexOf(':');
  const host = listen.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(listen.slice(separator + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A client holding a connection (keep-alive, a request half sent) must not keep a stopping service up.
        server.closeAllConnections();
      }),
  };
}
