import { Client, EnvHttpProxyAgent, type Dispatcher } from 'undici';

/** The proxy closed the connection instead of answering a CONNECT (code `PROXY_TUNNEL_DROPPED`). */
export class ProxyTunnelDroppedError extends Error {
  readonly code = 'PROXY_TUNNEL_DROPPED';

  constructor(cause: unknown) {
    super('the proxy closed the connection instead of opening a tunnel', { cause });
    this.name = 'ProxyTunnelDroppedError';
  }
}

/**
 * The client that speaks CONNECT to the proxy. undici 7 retries a CONNECT the proxy drops
 * without an answer forever, thousands of times a second, ignoring the request's deadline
 * (nodejs/undici#3897; fixed in undici 8, which needs Node 22). A socket error here is turned
 * into an error undici does not retry, so the request fails at once and the retry policy decides.
 */
function tunnelClient(origin: URL, options: object): Dispatcher {
  const client = new Client(origin, options as Client.Options);
  const connect = client.connect.bind(client) as (params: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
  Object.assign(client, {
    connect: async (params: Dispatcher.ConnectOptions) => {
      try {
        return await connect(params);
      } catch (error) {
        throw (error as { code?: string }).code === 'UND_ERR_SOCKET' ? new ProxyTunnelDroppedError(error) : error;
      }
    },
  });
  return client;
}

/**
 * The HTTP dispatcher for the DfE API and its token endpoint: through the proxy that
 * HTTPS_PROXY / HTTP_PROXY name (lower-case names first, as curl does), except for hosts in
 * NO_PROXY; direct otherwise. Certificates are always verified, to the API and to the proxy,
 * whatever NODE_TLS_REJECT_UNAUTHORIZED says; a network that inspects TLS adds its CA with
 * NODE_EXTRA_CA_CERTS instead.
 */
export function createHttpDispatcher(): Dispatcher {
  const tls = { rejectUnauthorized: true };
  return new EnvHttpProxyAgent({ connect: tls, requestTls: tls, proxyTls: tls, clientFactory: tunnelClient });
}
