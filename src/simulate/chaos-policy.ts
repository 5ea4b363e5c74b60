import { Random } from './random.js';
import { delay } from './simulated-api-http.js';
import { jsonAnswer, textAnswer, type FaultPolicy, type SimulatedReply } from './simulated-api-types.js';

/** The faults the simulated API can inject into children POSTs (simulator.faultRates keys). */
export const FAULT_KINDS = ['401', '403', '429', '500', '503', 'timeout', 'reset', 'malformed', 'wrongLength'] as const;
/** One fault, given a rate (0..1). */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How unreliable the simulated API is (simulator.* config; `--chaos` fills a preset). */
export interface ChaosOptions {
  /** Share of children POSTs answered with each fault. */
  readonly rates: Partial<Record<FaultKind, number>>;
  /** `Retry-After` seconds sent with a 429. */
  readonly retryAfterSeconds: number;
  /** Extra latency per children POST, uniform in [min, max] ms. */
  readonly latencyMinMs: number;
  readonly latencyMaxMs: number;
  /** Seed of the draws, so a chaotic run can be replayed. */
  readonly seed: number;
}

/** `--chaos`: a bad day at the gateway, every fault at once, and latency. */
export const CHAOS_PRESET: ChaosOptions = {
  rates: { '401': 0.02, '403': 0.02, '429': 0.04, '500': 0.03, '503': 0.03, timeout: 0.01, reset: 0.02, malformed: 0.01, wrongLength: 0.01 },
  retryAfterSeconds: 1,
  latencyMinMs: 5,
  latencyMaxMs: 60,
  seed: 1,
};

/** The reply a fault stands for; `batch` is the number of children in the request. */
function faultReply(kind: FaultKind, batch: number, retryAfterSeconds: number): SimulatedReply {
  switch (kind) {
    case '401': return textAnswer(401, 'Unauthorized Access');
    case '403': return textAnswer(403, 'Forbidden Access');
    case '429': return { kind: 'answer', status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: 'Too many requests' };
    case '500': return textAnswer(500, 'Internal server error');
    case '503': return textAnswer(503, 'Service unavailable');
    case 'timeout': return { kind: 'hang' };
    case 'reset': return { kind: 'reset' };
    case 'malformed': return textAnswer(200, '<html>Gateway says OK</html>');
    case 'wrongLength': return jsonAnswer(200, Array.from({ length: Math.max(0, batch - 1) }, (_, i) => `receipt-${i}`));
  }
}

/**
 * A fault policy for the simulated API: each children POST waits a random latency, then, with
 * the configured rates, gets one fault instead of the normal answer (nothing is stored then).
 * Token requests are left alone; tokens expire by the simulator's own `tokenTtlSeconds`.
 */
export function chaosPolicy(options: ChaosOptions): FaultPolicy {
  const random = new Random(options.seed);
  const faults = Object.entries(options.rates) as Array<[FaultKind, number]>;
  return async (request) => {
    if (request.route !== 'children') return undefined;
    await delay(options.latencyMinMs + Math.floor(random.next() * (options.latencyMaxMs - options.latencyMinMs + 1)));
    let roll = random.next();
    for (const [kind, rate] of faults) {
      if (roll < rate) {
        const batch = (() => {
          try {
            return (JSON.parse(request.body.toString('utf8')) as unknown[]).length;
          } catch {
            return 1;
          }
        })();
        return faultReply(kind, batch, options.retryAfterSeconds);
      }
      roll -= rate;
    }
    return undefined;
  };
}
