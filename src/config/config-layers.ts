import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { CONFIG_KEYS, configKey, type ConfigKey } from './config-keys.js';
import { SECRET_KEYS } from './config-schema.js';

/** A partial configuration from one source, as nested plain objects. */
export type ConfigLayer = Record<string, unknown>;

/** Where each key's final value came from (for error messages). */
export type Origins = Map<string, string>;

/** Reads text from env or a flag as the key's kind; a value that cannot be read is kept as text so validation names it. */
export function readAs(key: ConfigKey, text: string): unknown {
  if (key.kind === 'number') {
    const trimmed = text.trim();
    return trimmed !== '' && /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : text;
  }
  if (key.kind === 'boolean') {
    const t = text.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(t)) return true;
    if (['false', '0', 'no', 'off'].includes(t)) return false;
    return text;
  }
  return text;
}

/** Sets a dotted path in a nested object. */
export function setPath(target: ConfigLayer, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** Reads a JSON config file; a missing or malformed file is a config error naming it. */
export function readConfigFile(file: string): ConfigLayer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`config file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path given to --config or SSD_DELTA_CONFIG`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8 quotes a slice of the file next to the bad token; it can hold a connection string's password.
    const reason = (error as Error).message.replace(/, (?:\.\.\.)?"[\s\S]*$/, '');
    throw new ConfigError(`config file ${file} is not valid JSON: ${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${file} must hold a JSON object like config/example.json`);
  }
  for (const secret of SECRET_KEYS) {
    const [section, name] = secret.split('.') as [string, string];
    const block = (parsed as Record<string, Record<string, unknown> | undefined>)[section];
    if (block && name in block) {
      throw new ConfigError(`config file ${file}: "${secret}" must not be in a config file; set ${configKey(secret)?.env} or ${secret}File instead`);
    }
  }
  return parsed as ConfigLayer;
}

/** The layer set by `SSD_DELTA_*` environment variables. */
export function environmentLayer(env: NodeJS.ProcessEnv): ConfigLayer {
  const layer: ConfigLayer = {};
  for (const key of CONFIG_KEYS) {
    const text = env[key.env];
    if (text !== undefined && text !== '') setPath(layer, key.path, readAs(key, text));
  }
  return layer;
}

/** The layer set by command-line flags, given as dotted path -> text or value. */
export function flagLayer(flags: Readonly<Record<string, unknown>>): ConfigLayer {
  const layer: ConfigLayer = {};
  for (const [path, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    const key = configKey(path);
    if (!key) throw new ConfigError(`unknown config key "${path}"`);
    setPath(layer, path, typeof value === 'string' ? readAs(key, value) : value);
  }
  return layer;
}

/** Deep-merges layers left to right, recording which layer set each leaf. */
export function mergeLayers(layers: ReadonlyArray<{ name: string; layer: ConfigLayer }>): { merged: ConfigLayer; origins: Origins } {
  const merged: ConfigLayer = {};
  const origins: Origins = new Map();
  const visit = (source: Record<string, unknown>, target: Record<string, unknown>, prefix: string, name: string): void => {
    for (const [key, value] of Object.entries(source)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
        visit(value as Record<string, unknown>, target[key] as Record<string, unknown>, path, name);
      } else {
        target[key] = value;
        origins.set(path, name);
      }
    }
  };
  for (const { name, layer } of layers) visit(layer, merged, '', name);
  return { merged, origins };
}
