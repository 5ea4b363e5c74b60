import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../config/load-config.js';

const cache = new Map<string, string>();

/**
 * Reads a SQL file shipped in sql/<dialect>/ (cached). `{{name}}` placeholders are replaced
 * by the given identifiers, which callers take only from validated config or stream
 * definitions; values are always bound as parameters, never placed in the text.
 */
export function sqlFile(dialect: 'postgres' | 'mssql', path: string, names: Readonly<Record<string, string>> = {}): string {
  const file = join(PACKAGE_ROOT, 'sql', dialect, path);
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = names[name];
    if (value === undefined || !/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new Error(`sql/${dialect}/${path}: no valid identifier for {{${name}}}`);
    return value;
  });
}

/** A per-store cache of generated SQL text (generated once per stream and purpose). */
export function sqlCache(): (key: string, make: () => string) => string {
  const generated = new Map<string, string>();
  return (key, make) => {
    let sql = generated.get(key);
    if (sql === undefined) generated.set(key, (sql = make()));
    return sql;
  };
}
