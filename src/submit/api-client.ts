import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import type { ApiClientOptions } from './api-client-options.js';
import { classifyResponse, type PostResult } from './classify-response.js';
import { networkErrorCode } from './network-error-code.js';
import { redactAnswer } from './redact-answer.js';
import { TokenCache } from './token-cache.js';

export type { ApiClientOptions } from './api-client-options.js';
export type { PostResult, ReceiptInfo } from './classify-response.js';

/** Longest part of a response body kept for the attempt log. */
const EXCERPT_CHARS = 500;

/** What one `postBatch` call produced, ready to be written to the attempt log. */
export interface PostOutcome {
  /** HTTP status of the last attempt, or null when no answer arrived (network error, timeout). */
  readonly status: number | null;
  /** Wall time of the whole call (token fetch and the 401 retry included), in ms. */
  readonly durationMs: number;
  /** 1, or 2 when a 401 made the client refresh the token and send again. */
  readonly attempt: number;
  /** Sent (with one receipt per child) or an error for the whole batch. */
  readonly result: PostResult;
  /** The last answer's body, cut to 500 characters (empty when none). */
  readonly responseExcerpt: string;
  /** The `Retry-After` header of the last answer, as sent (seconds or HTTP date), or null. */
  readonly retryAfter: string | null;
}

type Exchange =
  | { status: number; body: string; retryAfter: string | null }
  | { status: null; code: string; message: string };

/**
 * Posts batches of child documents to the DfE API. It owns the transport only: one POST,
 * plus one resend after a 401 with a fresh token. Backoff, splitting and per-child
 * bookkeeping belong to the caller, which reads the returned outcome.
 */
export class ApiClient {
  readonly #options: ApiClientOptions;
  readonly #url: string;
  /** The token cache (shared by every POST of this client). */
  readonly tokens: TokenCache;

  constructor(options: ApiClientOptions, tokens?: TokenCache) {
    this.#options = options;
    this.#url = `${options.baseUrl.replace(/\/+$/, '')}/children_social_care_data/${options.laCode}/children`;
    const { tokenEndpoint, clientId, clientSecret, scope, timeoutMs, userAgent, dispatcher } = options;
    this.tokens = tokens ??
      new TokenCache({ tokenEndpoint, clientId, clientSecret, scope, timeoutMs, userAgent, ...(dispatcher ? { dispatcher } : {}) });
  }

  /**
   * POSTs the children's JSON documents (already serialised; joined as-is into one array so
   * the bytes sent are the bytes hashed). Resolves with an outcome for every HTTP answer or
   * network failure; rejects only when no token can be had (a `TokenFetchError`),
   * since that says nothing about the children. An empty batch is a caller bug (RangeError).
   */
  async postBatch(payloads: readonly string[]): Promise<PostOutcome> {
    if (payloads.length === 0) throw new RangeError('postBatch needs at least one child document');
    const started = performance.now();
    const body = Buffer.from(`[${payloads.join(',')}]`, 'utf8');
    let attempt = 1;
    let token = await this.tokens.get();
    let exchange = await this.#send(body, token);
    if (exchange.status === 401) {
      // The token may have been revoked or expired early; one refresh is all that can help.
      this.tokens.invalidate(token);
      token = await this.tokens.get();
      attempt = 2;
      exchange = await this.#send(body, token);
    }
    const durationMs = Math.round(performance.now() - started);
    if (exchange.status === null) {
      const result: PostResult = { kind: 'error', reason: exchange.code, detail: exchange.message };
      return { status: null, durationMs, attempt, result, responseExcerpt: '', retryAfter: null };
    }
    // Receipts are read as they came; any other answer may quote the documents it refuses, and
    // is kept (api_response, the attempt log) without their personal values.
    const raw = classifyResponse(exchange.status, exchange.body, payloads.length);
    const answer = raw.kind === 'sent' ? exchange.body : redactAnswer(exchange.body, payloads);
    return {
      status: exchange.status,
      durationMs,
      attempt,
      result: raw.kind === 'sent' ? raw : classifyResponse(exchange.status, answer, payloads.length),
      responseExcerpt: answer.slice(0, EXCERPT_CHARS),
      retryAfter: exchange.retryAfter,
    };
  }

  async #send(body: Buffer, token: string): Promise<Exchange> {
    try {
      const response = await request(this.#url, {
        method: 'POST',
        body,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
          // Header names are case-insensitive; this spelling matches the gateway's documentation.
          SupplierKey: this.#options.supplierKey,
          'user-agent': this.#options.userAgent,
        },
        // One deadline for headers and body: a stalled body must fail like a stalled answer.
        signal: AbortSignal.timeout(this.#options.timeoutMs),
        ...(this.#options.dispatcher ? { dispatcher: this.#options.dispatcher } : {}),
      });
      const text = await response.body.text();
      const retryAfter = response.headers['retry-after'];
      return { status: response.statusCode, body: text, retryAfter: typeof retryAfter === 'string' ? retryAfter : null };
    } catch (error) {
      return { status: null, code: networkErrorCode(error), message: error instanceof Error ? error.message : String(error) };
    }
  }
}
