import type { IncomingHttpHeaders } from 'node:http';

/** Which endpoint of the simulated API a request addressed. */
export type SimulatedRoute = 'token' | 'children' | 'unknown';

/**
 * One HTTP request as the simulated API saw it, body fully read. Fault policies receive
 * this, so it carries everything a policy could want to decide on (route, count, headers).
 */
export interface SimulatedRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path without the query string, e.g. `/children_social_care_data/846/children`. */
  readonly path: string;
  /** The endpoint the path matched. */
  readonly route: SimulatedRoute;
  /** Request headers (lower-case names, as node:http gives them). */
  readonly headers: IncomingHttpHeaders;
  /** The raw body bytes. */
  readonly body: Buffer;
  /** 1-based number of this request among all requests since start or the last reset. */
  readonly requestNumber: number;
  /** When the body had been read. */
  readonly receivedAt: Date;
}

/**
 * What the simulated API does with a request. Besides ordinary answers it can misbehave
 * the way networks and gateways do, so the client's failure paths can be exercised.
 */
export type SimulatedReply =
  /** An HTTP answer. `body` defaults to empty. */
  | { kind: 'answer'; status: number; headers?: Readonly<Record<string, string>>; body?: string }
  /** Destroy the connection without answering (the client sees a reset / socket error). */
  | { kind: 'reset' }
  /** Never answer; the connection stays open until the client gives up or the API closes. */
  | { kind: 'hang' };

/**
 * A hook consulted before the normal handling of every request. Returning a reply replaces
 * the normal answer (nothing is stored); returning undefined lets the request through.
 * Fault injection (rates of 401/403/429/5xx, timeouts, resets, size limits) plugs in here.
 */
export type FaultPolicy = (
  request: SimulatedRequest,
) => SimulatedReply | undefined | Promise<SimulatedReply | undefined>;

/** Builds a plain-text answer (error bodies of the children endpoint are text, not JSON). */
export function textAnswer(status: number, body: string): SimulatedReply {
  return { kind: 'answer', status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

/** Builds a JSON answer. */
export function jsonAnswer(status: number, value: unknown): SimulatedReply {
  return {
    kind: 'answer',
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(value),
  };
}
