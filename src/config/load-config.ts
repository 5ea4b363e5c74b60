import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.js';
import { unpackedRoot } from '../core/executable.js';
import { configKey } from './config-keys.js';
import { environmentLayer, flagLayer, mergeLayers, readConfigFile, type ConfigLayer, type Origins } from './config-layers.js';
import { configSchema, type Config } from './config-schema.js';
import { checkLeaseCoversTimeout } from './lease-check.js';
import { checkServeExposure } from './serve-exposure.js';
import { shownValue } from './shown-value.js';

/**
 * The package root (folder holding package.json, config/, sql/ and streams/), or where the
 * single-file executable unpacked them.
 */
export const PACKAGE_ROOT: string = unpackedRoot() ?? (() => {
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
  /** False: a secret named by a `...File` key is not read (only said to come from it), as `ssd-delta config` shows it. Default true. */
  readSecretFiles?: boolean;
  /**
   * True for `serve`: its endpoints must stay on loopback or be opened safely (checkServeExposure).
   * Other commands do not listen, so a serve.* setting never stops `config` or `status`.
   */
  serving?: boolean;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * A secret file's text: UTF-8, or UTF-16 with its byte-order mark (what PowerShell 5.1's `>`
 * and Notepad's "Unicode" write on Windows), without a BOM and the line ending around it.
 */
function readSecretFile(file: string, key: string): string {
  try {
    const bytes = readFileSync(file);
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
    return bytes.toString(utf16 ? 'utf16le' : 'utf8').replace(/^\uFEFF/, '').trim();
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
    return `config: unknown key "${where}${issue.keys[0]}"; see docs/configuration.md (or config/config.schema.json) for the keys that exist`;
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
  return loadConfigWithOrigins(options).config;
}

/**
 * {@link loadConfig}, and which layer set each key (`config/default.json`, the config file's
 * path, `environment` or `command line`; a secret read from a file is set by its `...File` key's
 * layer). Keys absent from the map have the schema's built-in default.
 */
export function loadConfigWithOrigins(options: LoadConfigOptions = {}): { config: Config; origins: ReadonlyMap<string, string> } {
  const env = options.env ?? process.env;
  const defaults = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config', 'default.json'), 'utf8')) as ConfigLayer;
  const file = options.file ?? env.SSD_DELTA_CONFIG;
  const layers = [{ name: 'config/default.json', layer: defaults }];
  if (file) layers.push({ name: file, layer: readConfigFile(file) });
  layers.push({ name: 'environment', layer: environmentLayer(env) });
  layers.push({ name: 'command line', layer: flagLayer(options.flags ?? {}) });
  const { merged, origins } = mergeLayers(layers);
  const api = merged.api as Record<string, unknown> | undefined;
  // Not reading secret files (`config`), a placeholder of the secret's form stands in: it is shown as *** anyway.
  const fromFile = (section: Record<string, unknown> | undefined, path: string, key: string, placeholder = '(not read)'): void => {
    const file = section?.[`${key}File`];
    if (!section || !file || section[key]) return;
    section[key] = options.readSecretFiles === false ? placeholder : readSecretFile(String(file), path);
    origins.set(path, `${origins.get(`${path}File`) ?? 'config'} (${path}File)`);
  };
  fromFile(merged.api as Record<string, unknown> | undefined, 'api.clientSecret', 'clientSecret');
  fromFile(merged.api as Record<string, unknown> | undefined, 'api.supplierKey', 'supplierKey');
  fromFile(merged.database as Record<string, unknown> | undefined, 'database.password', 'password');
  fromFile(merged.alerts as Record<string, unknown> | undefined, 'alerts.webhookUrl', 'webhookUrl', 'https://not-read.invalid/');
  fromFile(merged.serve as Record<string, unknown> | undefined, 'serve.token', 'token', '(not read: a token of at least 24 characters)');
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ConfigError(first ? describeIssue(first as never, merged, origins) : 'config: invalid');
  }
  const origin = (path: string): string => (origins.has(path) ? ` (from ${origins.get(path)})` : '');
  checkLeaseCoversTimeout(result.data, origin);
  if (options.serving) checkServeExposure(result.data, origin);
  return { config: deepFreeze(result.data), origins };
}
