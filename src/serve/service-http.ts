import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { loopbackHost } from '../config/serve-exposure.js';

/** What a route answers. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** A route: its reply, worked out at each request. */
export type Route = () => Reply | Promise<Reply>;

/** Where and how the endpoints listen (`serve.*`). */
export interface ServiceHttpOptions {
  /** host:port; port 0: any free port. */
  readonly listen: string;
  /** Requests from other machines (or addressed by another name) are answered when they carry the token. */
  readonly allowRemote: boolean;
  readonly token?: string | undefined;
  /** PEM certificate chain and key: answer over HTTPS. */
  readonly tls?: { readonly cert: string; readonly key: string } | undefined;
  /** Paths answered only with the token, from anywhere (a browser is challenged for it). */
  readonly tokenPaths?: readonly string[];
  /**
   * Told of each request refused for want of the token (401, 403, 421) and each answered on a
   * token path: who asked for child ids, for the LA's audit. Never given the token.
   */
  readonly onAccess?: (access: { readonly path: string; readonly status: number; readonly client: string }) => void;
}

/** The HTTP endpoints of `serve`. */
export interface ServiceHttp {
  /** Where it listens, e.g. `http://127.0.0.1:9464`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Sent with every reply: nothing cached, no sniffing, no script or remote resource (the page has inline CSS and SVG only). */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/** Paths answered to anyone who can reach them: they say nothing but "alive". */
const OPEN_PATHS = new Set(['/healthz']);

/** A plain-text reply (one line, newline-ended). */
export function textReply(status: number, text: string): Reply {
  return { status, contentType: 'text/plain; charset=utf-8', body: `${text}\n` };
}

/** The token a request carries: `Authorization: Bearer <token>`, or Basic with the token as password (what a browser's prompt sends). */
function presentedToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** Compares in constant time (digests of equal length), so the answer's timing does not spell the token out. */
function sameToken(given: string | undefined, token: string | undefined): boolean {
  if (given === undefined || token === undefined) return false;
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** Headers a proxy adds: a request carrying one came from elsewhere, whatever its address and Host say. */
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'x-arr-log-id', 'x-original-url'];

/**
 * True when the request comes from this machine, is addressed to a loopback name and was not
 * forwarded by a proxy (nginx, for one, sends the upstream's loopback address as Host).
 */
function localRequest(request: IncomingMessage): boolean {
  const peer = request.socket.remoteAddress ?? '';
  const peerIsLocal = peer === '::1' || /^(::ffff:)?127\./.test(peer);
  if (!peerIsLocal || FORWARDED.some((name) => request.headers[name] !== undefined)) return false;
  // HTTP/1.0 without Host: judged by the peer alone.
  return request.headers.host === undefined || loopbackHost(request.headers.host);
}

/**
 * Listens on `options.listen` and answers GET and HEAD on the paths of `routes` (a query string
 * ignored), 404 elsewhere. Who is answered: without `allowRemote`, a request from this machine
 * addressed to a loopback name and not forwarded by a proxy (a page on another site cannot use a
 * name resolving to 127.0.0.1: DNS rebinding), others 421; with `allowRemote`, a request carrying
 * the token (401 with a Basic challenge otherwise, so a browser asks for it). `/healthz` answers
 * anyone; `tokenPaths` only requests with the token (403 when no token is configured). A route
 * that throws answers 500 with no detail (its message could quote a row: the caller logs it).
 */
export async function startServiceHttp(options: ServiceHttpOptions, routes: Readonly<Record<string, Route>>, onError: (error: unknown) => void): Promise<ServiceHttp> {
  const known = Object.keys(routes).join(', ');
  const handler = (request: IncomingMessage, response: import('node:http').ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const tokenPath = options.tokenPaths?.includes(path) === true;
    const send = (reply: Reply, headers: Record<string, string> = {}): void => {
      if (reply.status === 401 || reply.status === 403 || reply.status === 421 || (tokenPath && reply.status === 200)) options.onAccess?.({ path, status: reply.status, client: request.socket.remoteAddress ?? 'unknown' });
      response.writeHead(reply.status, { ...SECURITY_HEADERS, ...(options.tls ? { 'strict-transport-security': 'max-age=31536000' } : {}), 'content-type': reply.contentType, ...headers });
      response.end(request.method === 'HEAD' ? undefined : reply.body);
    };
    const authorised = sameToken(presentedToken(request), options.token);
    const challenge = (): void => send(textReply(401, 'this needs serve.token: Authorization: Bearer <token> (a browser asks for it: any user name, the token as password)'), { 'www-authenticate': 'Basic realm="ssd-delta", charset="UTF-8"' });
    // Opened to other machines, only /healthz goes without the token: a proxy on this machine
    // that forwards requests from elsewhere may present them as local in every way.
    if (!authorised && !OPEN_PATHS.has(path) && (options.allowRemote || !localRequest(request))) {
      if (!options.allowRemote) return send(textReply(421, 'ask by a loopback address (127.0.0.1, localhost, [::1]), not through a proxy'));
      return challenge();
    }
    if (!authorised && tokenPath) {
      return options.token === undefined ? send(textReply(403, 'this shows child ids and needs serve.token: set SSD_DELTA_SERVE_TOKEN or serve.tokenFile and restart serve')) : challenge();
    }
    // HEAD too: probes (curl -I, load balancers) ask with it.
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return send(textReply(405, 'only GET and HEAD'));
    }
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) return send(textReply(404, `not found: ${known}`));
    Promise.resolve()
      .then(route)
      .then(
        (reply) => send(reply),
        (error: unknown) => {
          onError(error);
          send(textReply(500, 'this page failed (the log at error level says why)'));
        },
      );
  };
  const server: Server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createServer(handler);
  const separator = options.listen.lastIndexOf(':');
  const host = options.listen.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(options.listen.slice(separator + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A client holding a connection (keep-alive, a request half sent) must not keep a stopping service up.
        server.closeAllConnections();
      }),
  };
}
