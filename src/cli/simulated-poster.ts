import type { Config } from '../config/config-schema.js';
import { VERSION } from '../core/version.js';
import { CHAOS_PRESET, chaosPolicy } from '../simulate/chaos-policy.js';
import { startSimulatedApi, type SimulatedApi, type SimulatedApiOptions } from '../simulate/simulated-api.js';
import { ApiClient } from '../submit/api-client.js';
import { userAgentFor } from '../submit/api-client-options.js';
import { DEFAULT_SUBMIT_POLICY, type SubmitSettings } from '../submit/submit-policy.js';

/** The built-in simulated API and a real client pointed at it over loopback. */
export interface SimulatedPoster {
  readonly api: SimulatedApi;
  readonly poster: ApiClient;
}

const DEMO_CREDENTIALS = { clientId: 'ssd-delta-demo', clientSecret: 'demo-secret', supplierKey: 'demo-supplier-key', laCode: '846' };

/** Client deadline against a chaotic simulator: its "timeout" fault hangs until the client gives up. */
const CHAOS_TIMEOUT_MS = 3000;

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

/** True when the configured simulator injects faults (`--chaos`, or simulator.faultRates). */
function faulty(config: Config): boolean {
  return config.simulator.chaos || Object.keys(config.simulator.faultRates ?? {}).length > 0;
}

/**
 * The simulated API as `simulator.*` configures it: faults (the `--chaos` preset where the
 * config sets none), latency, token lifetime, body-size limit. A faulty simulator gets a short
 * client deadline, since its "timeout" fault hangs until the client gives up.
 */
export async function startConfiguredSimulator(config: Config): Promise<SimulatedPoster> {
  const sim = config.simulator;
  const chaos = sim.chaos;
  const latency = chaos && sim.latencyMinMs === 0 && sim.latencyMaxMs === 0 ? CHAOS_PRESET : sim;
  const options: SimulatedApiOptions = {
    tokenTtlSeconds: sim.tokenTtlSeconds,
    maxBodyBytes: sim.maxBodyBytes,
    ...(faulty(config) || latency.latencyMaxMs > 0
      ? {
          faultPolicy: chaosPolicy({
            rates: sim.faultRates ?? (chaos ? CHAOS_PRESET.rates : {}),
            retryAfterSeconds: sim.retryAfterSeconds,
            latencyMinMs: latency.latencyMinMs,
            latencyMaxMs: Math.max(latency.latencyMinMs, latency.latencyMaxMs),
            seed: config.demo.seed,
          }),
        }
      : {}),
  };
  return startSimulatedPoster(faulty(config) ? Math.min(config.api.timeoutMs, CHAOS_TIMEOUT_MS) : config.api.timeoutMs, options);
}

/**
 * Against a faulty simulator, backoff in fractions of a second (0.2 s doubling to 2 s, 4 s
 * after a 403) so a demo shows the retries without waiting minutes; otherwise as configured.
 */
export function simulatorSubmitSettings(config: Config, settings: SubmitSettings): SubmitSettings {
  if (!faulty(config)) return settings;
  return { ...settings, policy: { ...(settings.policy ?? DEFAULT_SUBMIT_POLICY), baseMs: 200, capMs: 2000, forbiddenCapMs: 4000 } };
}
