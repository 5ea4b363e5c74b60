import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route answers. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A route: its reply, worked out at each request. */
export type Route = () => Reply | Promise<Reply>;

/** The HTTP endpoints of `serve`. */
export interface ServiceHttp {
  /** Where it listens, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  close(): Promise<void>;
}

/** True when a Host header names a loopback address or localhost (any port). */
export function loopbackHost(host: string | undefined): boolean {
  if (host === undefined) return true; // HTTP/1.0 without Host: only a local client is reachable here anyway
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** A plain-text reply (one line, newline-ended). */
export function textReply(status: number, text: string): Reply {
  return { status, contentType: 'text/plain; charset=utf-8', body: `${text}\n` };
}

/**
 * Listens on `listen` (a loopback host:port; the config refuses any other) and answers GET and
 * HEAD on the paths of `routes` (a query string ignored), 404 elsewhere. A route that throws
 * answers 500 with no detail (its message could quote a row: the caller logs it).
 */
export async function startServiceHttp(listen: string, routes: Readonly<Record<string, Route>>, onError: (error: unknown) => void): Promise<ServiceHttp> {
  const known = Object.keys(routes).join(', ');
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const send = (reply: Reply): void => {
      response.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      response.end(request.method === 'HEAD' ? undefined : reply.body);
    };
    // A page on another site must not read these through a name that resolves to 127.0.0.1 (DNS
    // rebinding): only requests addressed to a loopback name are answered.
    if (!loopbackHost(request.headers.host)) return send(textReply(421, 'ask by a loopback address (127.0.0.1, localhost, [::1])'));
    // HEAD too: probes (curl -I, load balancers) ask with it.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return send(textReply(405, 'only GET and HEAD'));
    }
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) return send(textReply(404, `not found: ${known}`));
    Promise.resolve()
      .then(route)
      .then(send, (error: unknown) => {
        onError(error);
        send(textReply(500, 'this page failed (the log at error level says why)'));
      });
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
