import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../config/load-config.js';
import type { SqlNames } from './sql-names.js';

const cache = new Map<string, string>();

/**
 * Reads a SQL file shipped in sql/<dialect>/ (cached). `{{schema}}`, `{{ssd_schema}}`,
 * `{{staging}}` and `{{staging_table}}` are replaced by the quoted names in `names` (see
 * {@link SqlNames}), built only from validated config; values are always bound as parameters,
 * never placed in the text.
 */
export function sqlFile(dialect: 'postgres' | 'mssql', path: string, names?: SqlNames): string {
  const file = join(PACKAGE_ROOT, 'sql', dialect, path);
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = names?.dialect === dialect ? names.placeholders[name] : undefined;
    if (value === undefined) throw new Error(`sql/${dialect}/${path}: no ${dialect} name for {{${name}}}`);
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
