/**
 * One-line explanations of why the API or its token endpoint could not be used, for
 * `ssd-delta check-api`: what went wrong, where, and what to check. Never a secret's value.
 */

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED', 'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** A proxy that wants a login: through a tunnel (HTTPS) or as an HTTP 407 answer. */
const PROXY_LOGIN = 'proxy: the proxy asks for a login (407); give it in the proxy URL, e.g. HTTPS_PROXY=http://user:password@proxy:8080';

/** A failure below HTTP (no status): DNS, TCP, proxy, TLS. */
export function explainNetworkFailure(code: string, message: string, host: string): string {
  const proxy = /Proxy response \((\d+)\)/.exec(message);
  if (proxy?.[1] === '407') return PROXY_LOGIN;
  if (proxy) return `proxy: the proxy refused the tunnel to ${host} (HTTP ${proxy[1]}); check HTTPS_PROXY and NO_PROXY, and that the proxy allows ${host}`;
  if (code === 'PROXY_TUNNEL_DROPPED') return `proxy: the proxy closed the connection instead of opening a tunnel to ${host}; it may not allow ${host}, or not be a proxy at all: check HTTPS_PROXY and NO_PROXY`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `DNS: cannot resolve ${host}; check the URL, or whether this network needs a proxy (HTTPS_PROXY)`;
  if (code === 'ECONNREFUSED') return `TCP: ${host} refused the connection (nothing listens there); check the URL's port, or whether a proxy is needed (HTTPS_PROXY)`;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'TIMEOUT') return `TCP: no answer from ${host} in time; a firewall may drop the traffic, or a proxy is needed (HTTPS_PROXY); api.timeoutMs sets the wait`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `TCP: the connection to ${host} was cut; a firewall or proxy may be in the way`;
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return `TLS: the connection to ${host} is not trusted (${code}); if this network inspects TLS, give its CA in NODE_EXTRA_CA_CERTS (verification stays on)`;
  }
  return `could not reach ${host}: ${code}`;
}

/** A refusal by the token endpoint: HTTP status and the OAuth2 `error` code when given. */
export function explainTokenRefusal(status: number, oauthError: string | null, host: string): string {
  if (status === 407) return PROXY_LOGIN;
  if (oauthError === 'invalid_client' || status === 401) return `auth: ${host} refused the client id or secret (HTTP ${status}); check api.clientId and SSD_DELTA_API_CLIENT_SECRET (or api.clientSecretFile)`;
  if (oauthError === 'invalid_scope') return `auth: ${host} refused the scope (HTTP ${status}); check api.scope`;
  if (status === 403) return `auth: ${host} refused the token request (403); the client may not be allowed this API, or a firewall answers`;
  return `auth: ${host} refused the token request (HTTP ${status}${oauthError ? `, ${oauthError}` : ''}); check api.tokenEndpoint and the OAuth2 settings`;
}

/** A refusal by the API itself when a probe child was posted. */
export function explainApiRefusal(status: number, host: string): string {
  if (status === 401) return `api: ${host} refused the token (401); check api.scope, and that the client is registered for the CSC API`;
  if (status === 403) return `api: ${host} refused the request (403); check the SupplierKey (SSD_DELTA_API_SUPPLIER_KEY) and api.laCode`;
  if (status === 404) return `api: ${host} has no such endpoint (404); check api.baseUrl and api.laCode`;
  if (status === 407) return PROXY_LOGIN;
  return `api: ${host} answered HTTP ${status}`;
}
