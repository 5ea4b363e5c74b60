import type { Config } from '../config/config-schema.js';
import { ConfigError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { ApiClient } from './api-client.js';
import { userAgentFor } from './api-client-options.js';
import { createHttpDispatcher } from './http-dispatcher.js';

/** The config keys a real API client needs, with the environment variable that can set each. */
const REQUIRED = [
  ['baseUrl', 'SSD_DELTA_API_BASE_URL'],
  ['tokenEndpoint', 'SSD_DELTA_API_TOKEN_ENDPOINT'],
  ['laCode', 'SSD_DELTA_API_LA_CODE'],
  ['clientId', 'SSD_DELTA_API_CLIENT_ID'],
  ['clientSecret', 'SSD_DELTA_API_CLIENT_SECRET'],
  ['supplierKey', 'SSD_DELTA_API_SUPPLIER_KEY'],
  ['scope', 'SSD_DELTA_API_SCOPE'],
] as const;

/** An API client for the configured DfE API; missing settings are one clear config error. */
export function createApiClient(config: Config): ApiClient {
  const api = config.api;
  const missing = REQUIRED.filter(([key]) => !api[key]);
  if (missing.length > 0) {
    throw new ConfigError(
      `config: the API is not configured: ${missing.map(([key, env]) => `api.${key} (or ${env})`).join(', ')} must be set; ` +
        'or use --simulated-api to send to the built-in simulator',
    );
  }
  return new ApiClient({
    baseUrl: api.baseUrl as string,
    tokenEndpoint: api.tokenEndpoint as string,
    laCode: api.laCode as string,
    clientId: api.clientId as string,
    clientSecret: api.clientSecret as string,
    supplierKey: api.supplierKey as string,
    scope: api.scope as string,
    timeoutMs: api.timeoutMs,
    userAgent: userAgentFor(VERSION),
    dispatcher: createHttpDispatcher(),
  });
}
