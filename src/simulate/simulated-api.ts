import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delay, readBody, sendReply } from './simulated-api-http.js';
import { resolveSimulatedApiOptions, type SimulatedApiOptions } from './simulated-api-options.js';
import { normalReply, routeOf, TOKEN_PATH, type SimulatedApiContext } from './simulated-api-routes.js';
import { SimulatedApiStore, type ReceivedChild } from './simulated-api-store.js';
import { SimulatedTokenIssuer } from './simulated-api-tokens.js';
import { textAnswer, type FaultPolicy, type SimulatedReply, type SimulatedRequest, type SimulatedRoute } from './simulated-api-types.js';

export type { SimulatedApiOptions } from './simulated-api-options.js';
export type { ReceivedChild } from './simulated-api-store.js';
export type { FaultPolicy, SimulatedReply, SimulatedRequest, SimulatedRoute } from './simulated-api-types.js';

/** One request as logged by the simulated API (for tests that check headers or outcomes). */
export interface SimulatedRequestRecord {
  readonly at: Date;
  readonly method: string;
  readonly path: string;
  readonly route: SimulatedRoute;
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
  /** HTTP status answered, or how the request was mistreated. */
  readonly outcome: number | 'reset' | 'hang';
}

/** A running simulated DfE Children's Social Care API on loopback. */
export interface SimulatedApi {
  /** Base URL, e.g. `http://127.0.0.1:43123` (the children path is appended to it). */
  readonly url: string;
  /** Full URL of the OAuth2 token endpoint. */
  readonly tokenEndpoint: string;
  /** The LA code the children path must carry. */
  readonly laCode: string;
  /** Every child document accepted, in arrival order. */
  received(): ReadonlyArray<ReceivedChild>;
  /** Every accepted document of one child, oldest first. */
  receivedFor(laChildId: string): ReadonlyArray<ReceivedChild>;
  /** The document the receiver holds for a child (all it received, merged), or undefined. */
  current(laChildId: string): unknown;
  /** The ids of every child the receiver holds a document for, sorted. */
  heldIds(): string[];
  /** Every request (any route, any outcome), in order. */
  requests(): ReadonlyArray<SimulatedRequestRecord>;
  /** Number of requests to the children endpoint (any outcome, faults included). */
  readonly requestCount: number;
  /** Number of requests to the token endpoint (any outcome). */
  readonly tokenRequestCount: number;
  /** Invalidates every issued token, so the next children POST gets a 401. */
  revokeTokens(): void;
  /** Replaces the fault policy (undefined removes it). */
  setFaultPolicy(policy: FaultPolicy | undefined): void;
  /** Forgets received documents and the request log; tokens and the fault policy stay. */
  reset(): void;
  /** Stops listening and drops open connections (including hung ones). */
  close(): Promise<void>;
}

/** Starts the simulated API on 127.0.0.1 (see {@link SimulatedApiOptions} for defaults). */
export async function startSimulatedApi(options?: SimulatedApiOptions): Promise<SimulatedApi> {
  const settings = resolveSimulatedApiOptions(options);
  const context: SimulatedApiContext = {
    options: settings,
    tokens: new SimulatedTokenIssuer(settings.tokenTtlSeconds),
    store: new SimulatedApiStore(),
  };
  let faultPolicy = settings.faultPolicy;
  const log: SimulatedRequestRecord[] = [];

  async function decide(request: SimulatedRequest, tooLarge: boolean): Promise<SimulatedReply> {
    const fault = await faultPolicy?.(request);
    if (fault) return fault;
    return tooLarge ? textAnswer(413, 'Payload too large') : normalReply(request, context);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { body, tooLarge } = await readBody(req, settings.maxBodyBytes);
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const request: SimulatedRequest = {
      method, path, route: routeOf(method, path), headers: req.headers, body,
      requestNumber: log.length + 1, receivedAt: new Date(),
    };
    // Logged before the reply so requestNumber and counts already include this request;
    // the entry is updated in place so a reset() meanwhile cannot misplace the outcome.
    const entry: { -readonly [K in keyof SimulatedRequestRecord]: SimulatedRequestRecord[K] } = {
      at: request.receivedAt, method, path, route: request.route, headers: req.headers, bodyBytes: body.length, outcome: 'hang',
    };
    log.push(entry);
    const reply = await decide(request, tooLarge).catch((error: unknown) =>
      // A bug in a handler or policy must show up as a 500, not as a hung test.
      textAnswer(500, `Simulator error: ${String(error)}`));
    await delay(settings.latencyMs);
    entry.outcome = sendReply(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Only reading the body can fail here (client went away): nothing left to answer.
      res.socket?.destroy();
    });
  });
  // Idle connections are kept a minute, as API gateways do, so a client's own keep-alive timer
  // (shorter) always closes them first. With node's default of 5 s, a client that reuses a socket
  // just as the server drops it gets ECONNRESET; both run in one process here, and a long
  // synchronous stretch (a large build, PGlite) fires both timers late, which made that likely.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const countRoute = (route: SimulatedRoute): number => log.filter((r) => r.route === route).length;

  return {
    url,
    tokenEndpoint: `${url}${TOKEN_PATH}`,
    laCode: settings.laCode,
    received: () => context.store.all(),
    receivedFor: (laChildId) => context.store.for(laChildId),
    current: (laChildId) => context.store.current(laChildId),
    heldIds: () => context.store.heldIds(),
    requests: () => log,
    get requestCount() { return countRoute('children'); },
    get tokenRequestCount() { return countRoute('token'); },
    revokeTokens: () => context.tokens.revokeAll(),
    setFaultPolicy: (policy) => { faultPolicy = policy; },
    reset: () => { context.store.clear(); log.length = 0; },
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
