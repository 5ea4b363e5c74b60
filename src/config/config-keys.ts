import { z } from 'zod';
import { configSchema } from './config-schema.js';

/** The kind of value a config key holds, which decides how text from env or flags is read. */
export type LeafKind = 'string' | 'number' | 'boolean';

/** One settable config key, e.g. `submit.batchSize`. */
export interface ConfigKey {
  /** Dotted path, e.g. `submit.batchSize`. */
  readonly path: string;
  /** Environment variable that sets it, e.g. `SSD_DELTA_SUBMIT_BATCH_SIZE`. */
  readonly env: string;
  readonly kind: LeafKind;
  /** What is allowed, for error messages and `--help`. */
  readonly allowed: string;
}

function leafKind(schema: z.ZodType): LeafKind {
  if (schema instanceof z.ZodNumber) return 'number';
  if (schema instanceof z.ZodBoolean) return 'boolean';
  return 'string';
}

/** The environment variable of a dotted key: `submit.batchSize` -> `SSD_DELTA_SUBMIT_BATCH_SIZE`. */
export function envName(path: string): string {
  return `SSD_DELTA_${path.replace(/\./g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

function walk(schema: z.ZodType, prefix: string, out: ConfigKey[]): void {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  // A map (payload.codes.*) has no fixed keys: it is set in a config file only.
  if (inner instanceof z.ZodRecord) return;
  if (inner instanceof z.ZodObject) {
    for (const [name, child] of Object.entries(inner.shape as Record<string, z.ZodType>)) {
      walk(child, prefix ? `${prefix}.${name}` : name, out);
    }
    return;
  }
  out.push({ path: prefix, env: envName(prefix), kind: leafKind(inner), allowed: schema.description ?? inner.description ?? '' });
}

/** Every settable key of the configuration, derived from the schema (one source of truth). */
export const CONFIG_KEYS: readonly ConfigKey[] = (() => {
  const out: ConfigKey[] = [];
  walk(configSchema, '', out);
  return out;
})();

/** Looks up a key by its dotted path. */
export function configKey(path: string): ConfigKey | undefined {
  return CONFIG_KEYS.find((k) => k.path === path);
}
