import { STREAMS } from './test-sources.js';

/** ssd-delta's own tables and functions, which must always be named with their schema. */
const OWN = [
  'ssd_delta_fingerprint', 'ssd_delta_owner', 'ssd_delta_change_log', 'ssd_delta_wakeup', 'ssd_delta_migration', 'ssd_delta_watermark',
  'ssd_delta_unconfirmed_with', 'ssd_delta_signature', 'ssd_delta_api_attempt_child', 'ssd_delta_api_attempt', 'ssd_delta_table_guard',
  'ssd_delta_last_send', 'ssd_delta_last_cycle', 'ssd_delta_snapshot', 'ssd_delta_capture',
];

/**
 * The names of tables and functions `sql` uses without a schema (`ssd_person` rather than
 * `[ssd_development].[ssd_person]`), given the staging table's name: comments are ignored, and
 * so is a name written as a value (a stream name in quotes) unless a catalog function
 * (OBJECT_ID, COL_LENGTH, regclass) resolves it as an object.
 */
export function unqualifiedNames(sql: string, stagingTable: string): string[] {
  const names = [...OWN, stagingTable, ...new Set(STREAMS.map((s) => s.table))];
  const code = sql
    .replace(/--[^\n]*/g, '')
    // A quoted bare name is a value (a stream), unless a catalog function looks it up.
    .replace(/(OBJECT_ID\(N?|COL_LENGTH\(N?|to_regclass\()?(N?)'((?:stream:)?\w+)'(::regclass)?/g, (all, lookup: string | undefined, _n: string, name: string, cast: string | undefined) => (lookup || cast ? ` ${name} ` : "''"));
  const found = new Set<string>();
  for (const name of names) {
    for (const m of code.matchAll(new RegExp(`(?<![\\w$])[\\["]?${name}[\\]"]?(?![\\w$])`, 'g'))) {
      const before = code.slice(0, m.index).replace(/[\s]+$/, '');
      if (!before.endsWith('.')) found.add(name);
    }
  }
  return [...found].sort();
}
