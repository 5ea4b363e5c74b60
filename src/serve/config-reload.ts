import type { Config } from '../config/config-schema.js';
import { explainConfig } from '../config/explain-config.js';

/** Keys a running service applies from its next cycle; any other change needs a restart. */
const LIVE = [/^submit\./, /^schedule\./, /^log\.level$/];

/** One key a reload changed: its shown values (secrets `***`), and whether it applies live. */
export interface ChangedKey {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly live: boolean;
}

/** Every leaf of a config, by dotted key, as JSON text (to compare; never shown). */
function leaves(config: Config): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (node: unknown, prefix: string): void => {
    if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node)) visit(v, prefix ? `${prefix}.${k}` : k);
    } else if (node !== undefined) out.set(prefix, JSON.stringify(node));
  };
  visit(config, '');
  return out;
}

/**
 * What changed between the running config and a reloaded one, key by key in a stable order,
 * each shown as `config` shows it (secrets `***`, URL credentials masked) and marked live or not.
 */
export function changedKeys(running: Config, reloaded: Config): ChangedKey[] {
  const [before, after] = [leaves(running), leaves(reloaded)];
  const shown = (config: Config): Map<string, string> => new Map(explainConfig(config, new Map()).map((k) => [k.key, k.value]));
  const [shownBefore, shownAfter] = [shown(running), shown(reloaded)];
  const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).sort();
  return keys.map((key) => ({ key, from: shownBefore.get(key) ?? '(unset)', to: shownAfter.get(key) ?? '(unset)', live: LIVE.some((re) => re.test(key)) }));
}
