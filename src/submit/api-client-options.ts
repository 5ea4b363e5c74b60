import type { Dispatcher } from 'undici';

/** Everything the DfE API client needs; all values come from validated config. */
export interface ApiClientOptions {
  /** Base URL without a trailing slash, e.g. `https://pp-api.education.gov.uk/children-in-social-care-data-receiver-test/1`. */
  readonly baseUrl: string;
  /** The LA's 3-digit code, e.g. `846`. */
  readonly laCode: string;
  /** Full URL of the OAuth2 token endpoint. */
  readonly tokenEndpoint: string;
  readonly clientId: string;
  /** OAuth2 client secret (from the environment or a secret file, never from config text). */
  readonly clientSecret: string;
  /** OAuth2 scope for the receiver API. */
  readonly scope: string;
  /** The gateway subscription key, sent as the `SupplierKey` header. */
  readonly supplierKey: string;
  /** Deadline for one HTTP request (headers and body) in ms, e.g. 60000. */
  readonly timeoutMs: number;
  /** The whole User-Agent value, e.g. `ssd-delta/0.1.0` (see {@link userAgentFor}). */
  readonly userAgent: string;
  /** undici dispatcher (e.g. an EnvHttpProxyAgent for LAs behind a proxy). Default global. */
  readonly dispatcher?: Dispatcher;
}

/** The honest User-Agent the API expects: product and version. */
export function userAgentFor(version: string): string {
  return `ssd-delta/${version}`;
}
