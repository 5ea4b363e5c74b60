import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.js';
import { configKey } from './config-keys.js';
import { environmentLayer, flagLayer, mergeLayers, readConfigFile, type ConfigLayer, type Origins } from './config-layers.js';
import { configSchema, type Config } from './config-schema.js';
import { checkLeaseCoversTimeout } from './lease-check.js';
import { shownValue } from './shown-value.js';

/** The package root (folder holding package.json, config/, sql/ and streams/). */
export const PACKAGE_ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error('ssd-delta: cannot find its package root');
})();

/** What {@link loadConfig} reads. */
export interface LoadConfigOptions {
  /** Config file path (`--config`); falls back to `SSD_DELTA_CONFIG`. */
  file?: string | undefined;
  /** Environment (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Flag values by dotted config path, e.g. `{ 'submit.batchSize': '50' }`. */
  flags?: Readonly<Record<string, unknown>>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function readSecretFile(file: string, key: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ConfigError(`${key}File: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function valueAt(layer: ConfigLayer, path: readonly PropertyKey[]): unknown {
  let node: unknown = layer;
  for (const part of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[part];
  return node;
}

function describeIssue(issue: { path: readonly PropertyKey[]; message: string; code: string; keys?: string[] }, merged: ConfigLayer, origins: Origins): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const where = issue.path.length ? `${issue.path.join('.')}.` : '';
    return `config: unknown key "${where}${issue.keys[0]}"; see config/example.json or README for the keys that exist`;
  }
  const path = issue.path.join('.');
  const key = configKey(path);
  const given = valueAt(merged, issue.path);
  const origin = origins.get(path);
  const from = origin ? ` (from ${origin})` : '';
  const shown = shownValue(path, given);
  const got = shown === undefined ? '' : ` (got ${shown})`;
  const allowed = key?.allowed ? `; allowed: ${key.allowed}` : '';
  return `config: "${path}"${from} ${issue.message}${got}${allowed}`;
}

/**
 * Loads the configuration: config/default.json <- config file <- environment <- flags,
 * validated once into a frozen object. A bad value throws a {@link ConfigError} whose one-line
 * message names the key, where it came from, what is wrong and what is allowed.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const defaults = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config', 'default.json'), 'utf8')) as ConfigLayer;
  const file = options.file ?? env.SSD_DELTA_CONFIG;
  const layers = [{ name: 'config/default.json', layer: defaults }];
  if (file) layers.push({ name: file, layer: readConfigFile(file) });
  layers.push({ name: 'environment', layer: environmentLayer(env) });
  layers.push({ name: 'command line', layer: flagLayer(options.flags ?? {}) });
  const { merged, origins } = mergeLayers(layers);
  const api = merged.api as Record<string, unknown> | undefined;
  if (api?.clientSecretFile && !api.clientSecret) api.clientSecret = readSecretFile(String(api.clientSecretFile), 'api.clientSecret');
  if (api?.supplierKeyFile && !api.supplierKey) api.supplierKey = readSecretFile(String(api.supplierKeyFile), 'api.supplierKey');
  const database = merged.database as Record<string, unknown> | undefined;
  if (database?.passwordFile && !database.password) database.password = readSecretFile(String(database.passwordFile), 'database.password');
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ConfigError(first ? describeIssue(first as never, merged, origins) : 'config: invalid');
  }
  checkLeaseCoversTimeout(result.data, (path) => (origins.has(path) ? ` (from ${origins.get(path)})` : ''));
  return deepFreeze(result.data);
}
