import { SsdDeltaError } from '../core/errors.js';

/**
 * The token endpoint refused or could not be reached (code `TOKEN_FETCH_FAILED`). The
 * message names the endpoint's host and the HTTP status (or network code), never the secret.
 *
 * `retryable` is true for network failures, 429 and 5xx. Any other refusal (wrong secret,
 * wrong scope) will repeat until the configuration changes, so it exits like a config error (2).
 */
export class TokenFetchError extends SsdDeltaError {
  /** HTTP status of the token endpoint's answer, or null when none arrived. */
  readonly status: number | null;
  /** Why no answer arrived (network code, e.g. ENOTFOUND) and the transport's message, or null. */
  readonly network: { readonly code: string; readonly message: string } | null;
  /** The OAuth2 `error` code of a refusal (e.g. invalid_client), or null. */
  readonly oauthError: string | null;

  constructor(message: string, status: number | null, detail: { network?: { code: string; message: string }; oauthError?: string } = {}) {
    const retryable = status === null || status === 429 || status >= 500;
    super('TOKEN_FETCH_FAILED', message, { retryable, exitCode: retryable ? 1 : 2 });
    this.name = 'TokenFetchError';
    this.status = status;
    this.network = detail.network ?? null;
    this.oauthError = detail.oauthError ?? null;
  }
}
