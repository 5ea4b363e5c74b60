import type { FaultPolicy } from './simulated-api-types.js';

/** How to start the simulated DfE API. Every field is optional. */
export interface SimulatedApiOptions {
  /** Port to listen on (127.0.0.1 only). Default 0: any free port. */
  port?: number;
  /** The only client id the token endpoint accepts. Default `ssd-delta-demo`. */
  clientId?: string;
  /** The only client secret the token endpoint accepts. Default `demo-secret`. */
  clientSecret?: string;
  /** Scope the token endpoint requires; default undefined: any scope is accepted. */
  scope?: string;
  /** The `SupplierKey` header value the children endpoint requires. Default `demo-supplier-key`. */
  supplierKey?: string;
  /** The LA code in the children path. Default `846`. */
  laCode?: string;
  /** Lifetime of issued tokens in seconds (`expires_in`). Default 3600. */
  tokenTtlSeconds?: number;
  /** Delay before every answer, in ms, to imitate a remote API. Default 0. */
  latencyMs?: number;
  /** Most children accepted in one POST; more get a 413. Default 100 (the contract's maxItems). */
  maxBatch?: number;
  /** Largest request body read, in bytes; a larger one gets a 413. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Fault policy consulted before normal handling. Default none. */
  faultPolicy?: FaultPolicy;
}

/** The options with every default filled in. */
export type ResolvedSimulatedApiOptions = Required<Omit<SimulatedApiOptions, 'scope' | 'faultPolicy'>> &
  Pick<SimulatedApiOptions, 'scope' | 'faultPolicy'>;

/** Fills the defaults documented on {@link SimulatedApiOptions}. */
export function resolveSimulatedApiOptions(options: SimulatedApiOptions = {}): ResolvedSimulatedApiOptions {
  return {
    port: options.port ?? 0,
    clientId: options.clientId ?? 'ssd-delta-demo',
    clientSecret: options.clientSecret ?? 'demo-secret',
    scope: options.scope,
    supplierKey: options.supplierKey ?? 'demo-supplier-key',
    laCode: options.laCode ?? '846',
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    latencyMs: options.latencyMs ?? 0,
    maxBatch: options.maxBatch ?? 100,
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    faultPolicy: options.faultPolicy,
  };
}
