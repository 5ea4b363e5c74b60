import { VERSION } from '../core/version.js';
import { startSimulatedApi, type SimulatedApi, type SimulatedApiOptions } from '../simulate/simulated-api.js';
import { ApiClient } from '../submit/api-client.js';
import { userAgentFor } from '../submit/api-client-options.js';

/** The built-in simulated API and a real client pointed at it over loopback. */
export interface SimulatedPoster {
  readonly api: SimulatedApi;
  readonly poster: ApiClient;
}

const DEMO_CREDENTIALS = { clientId: 'ssd-delta-demo', clientSecret: 'demo-secret', supplierKey: 'demo-supplier-key', laCode: '846' };

/** Starts the simulated DfE API on 127.0.0.1 and a real HTTP client for it (demo, `run --simulated-api`). */
export async function startSimulatedPoster(timeoutMs: number, options: SimulatedApiOptions = {}): Promise<SimulatedPoster> {
  const api = await startSimulatedApi({ ...DEMO_CREDENTIALS, ...options });
  const poster = new ApiClient({
    baseUrl: api.url,
    tokenEndpoint: api.tokenEndpoint,
    laCode: api.laCode,
    clientId: DEMO_CREDENTIALS.clientId,
    clientSecret: DEMO_CREDENTIALS.clientSecret,
    supplierKey: DEMO_CREDENTIALS.supplierKey,
    scope: 'demo',
    timeoutMs,
    userAgent: userAgentFor(VERSION),
  });
  return { api, poster };
}
