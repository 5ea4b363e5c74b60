import { request, type Dispatcher } from 'undici';
import { networkErrorCode } from './network-error-code.js';
import { TokenFetchError } from './token-fetch-error.js';

/** Where and how to fetch an OAuth2 client-credentials token. */
export interface TokenCacheOptions {
  /** Full URL of the token endpoint. */
  readonly tokenEndpoint: string;
  readonly clientId: string;
  /** Sent only in the form body; never logged or put in an error. */
  readonly clientSecret: string;
  readonly scope: string;
  /** Deadline for one token request in ms. Default 30000. */
  readonly timeoutMs?: number;
  /** Sent as User-Agent. Default none (undici's own). */
  readonly userAgent?: string;
  /** undici dispatcher (e.g. an EnvHttpProxyAgent for LAs behind a proxy). Default global. */
  readonly dispatcher?: Dispatcher;
  /** Milliseconds clock; injectable so expiry can be tested without waiting. Default Date.now. */
  readonly now?: () => number;
}

/** Lifetime assumed when the token answer has no `expires_in` (the usual gateway value). */
const DEFAULT_EXPIRES_IN_S = 3600;
/** Refresh this long before expiry at most, so a token never expires while a POST is in flight. */
const MAX_MARGIN_S = 60;

/**
 * Caches one bearer token and refreshes it shortly before it expires. Concurrent callers
 * share a single in-flight fetch, so N parallel POSTs cost one token request.
 */
export class TokenCache {
  readonly #options: TokenCacheOptions;
  readonly #now: () => number;
  #cached: { token: string; refreshAt: number } | undefined;
  #inflight: Promise<string> | undefined;
  #fetchCount = 0;

  constructor(options: TokenCacheOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** A valid token: the cached one, or a fresh one (joined if a fetch is already running). */
  get(): Promise<string> {
    if (this.#cached && this.#now() < this.#cached.refreshAt) return Promise.resolve(this.#cached.token);
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /**
   * Drops the cached token after the API refused it (401). Passing the refused token makes
   * this a no-op when another caller has already replaced it, so parallel 401s trigger one
   * refresh, not one each.
   */
  invalidate(token?: string): void {
    if (token === undefined || this.#cached?.token === token) this.#cached = undefined;
  }

  /** Number of token requests made (for tests and metrics). */
  get fetchCount(): number {
    return this.#fetchCount;
  }

  async #fetch(): Promise<string> {
    this.#fetchCount += 1;
    const { tokenEndpoint, clientId, clientSecret, scope } = this.#options;
    const host = new URL(tokenEndpoint).host;
    const form = new URLSearchParams({
      client_id: clientId, client_secret: clientSecret, scope, grant_type: 'client_credentials',
    });
    let status: number;
    let text: string;
    try {
      const response = await request(tokenEndpoint, {
        method: 'POST',
        body: form.toString(),
        headers: this.#headers(),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 30_000),
        ...(this.#options.dispatcher ? { dispatcher: this.#options.dispatcher } : {}),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const code = networkErrorCode(error);
      throw new TokenFetchError(`token request to ${host} failed: ${code}`, null, { network: { code, message: error instanceof Error ? error.message : String(error) } });
    }
    const answer = parseObject(text);
    if (status < 200 || status > 299) {
      // The OAuth2 `error` code (e.g. invalid_client) says why without echoing anything secret.
      const oauthError = typeof answer?.['error'] === 'string' ? answer['error'] : undefined;
      throw new TokenFetchError(`token request to ${host} refused: HTTP ${status}${oauthError ? ` (${oauthError})` : ''}`, status, oauthError ? { oauthError } : {});
    }
    const token = answer?.['access_token'];
    if (typeof token !== 'string' || token.length === 0) {
      throw new TokenFetchError(`token endpoint ${host} answered HTTP ${status} without an access_token`, status);
    }
    const expiresIn = Number(answer?.['expires_in'] ?? DEFAULT_EXPIRES_IN_S);
    const lifetimeS = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_IN_S;
    const marginS = Math.min(MAX_MARGIN_S, lifetimeS / 10);
    this.#cached = { token, refreshAt: this.#now() + (lifetimeS - marginS) * 1000 };
    return token;
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (this.#options.userAgent) headers['user-agent'] = this.#options.userAgent;
    return headers;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
