import { configKey } from './config-keys.js';
import type { Config } from './config-schema.js';
import { SECRET_KEYS } from './config-schema.js';
import { shownValue } from './shown-value.js';

/** One key of the effective configuration, as `ssd-delta config` shows it. */
export interface ExplainedKey {
  /** Dotted path, e.g. `submit.concurrency`. */
  readonly key: string;
  /** Its value as JSON text; `***` for a secret that is set; URL credentials masked. */
  readonly value: string;
  /** Where the value came from: `default`, `file <path>`, `environment <VAR>` or `flag`. */
  readonly source: string;
}

/** A layer's name (see loadConfigWithOrigins) in words an operator reads. */
function sourceOf(key: string, origin: string | undefined): string {
  if (origin === undefined || origin === 'config/default.json') return 'default';
  if (origin === 'environment') return `environment ${configKey(key)?.env ?? ''}`.trim();
  if (origin === 'command line') return 'flag';
  // A secret kept in a file names the key that gave the file: `<layer> (api.clientSecretFile)`.
  const viaFile = /^(.*) \((\S+File)\)$/.exec(origin);
  if (viaFile) return `${sourceOf(viaFile[2] ?? '', viaFile[1])} (the file ${viaFile[2]} names)`;
  return `file ${origin}`;
}

/**
 * Every key of the effective configuration, in a stable order, with its value (secrets never
 * shown, URL credentials masked) and where it came from. Objects are walked to their leaves;
 * a list is one value.
 */
export function explainConfig(config: Config, origins: ReadonlyMap<string, string>): ExplainedKey[] {
  const out: ExplainedKey[] = [];
  const visit = (node: unknown, prefix: string): void => {
    if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node).sort(([a], [b]) => a.localeCompare(b))) visit(v, prefix ? `${prefix}.${k}` : k);
      return;
    }
    if (node === undefined) return;
    const value = SECRET_KEYS.includes(prefix) ? '***' : (shownValue(prefix, node) ?? '***');
    out.push({ key: prefix, value, source: sourceOf(prefix, origins.get(prefix)) });
  };
  visit(config, '');
  return out;
}
