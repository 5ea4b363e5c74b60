import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS } from '../../src/config/config-keys.js';
import { CONFIG_REFERENCE } from '../../src/config/config-reference.js';
import { CONFIG_REFERENCE_DOC, rowKeys, withReferenceTable } from '../../src/config/config-reference-doc.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

type Node = { properties?: Record<string, Node>; type?: unknown };

/** A dotted path's node in the committed JSON Schema of a config file. */
function schemaNode(path: string): Node | undefined {
  const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config', 'config.schema.json'), 'utf8')) as Node;
  return path.split('.').reduce<Node | undefined>((node, part) => node?.properties?.[part], schema);
}

function hasDefault(path: string): boolean {
  const defaults = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config', 'default.json'), 'utf8')) as unknown;
  return path.split('.').reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), defaults) !== undefined;
}

describe('the configuration reference (docs/configuration.md)', () => {
  it('holds the table the code generates today (run `npm run config-reference`)', () => {
    const text = readFileSync(CONFIG_REFERENCE_DOC, 'utf8');
    expect(text === withReferenceTable(text), 'docs/configuration.md is out of date: run `npm run config-reference`').to.equal(true);
  });

  it('has exactly one row for every key of the schema, and no row for a key that is not there', () => {
    const covered = CONFIG_REFERENCE.flatMap(rowKeys);
    const settable = new Set(CONFIG_KEYS.map((k) => k.path));
    expect(CONFIG_KEYS.map((k) => k.path).filter((p) => covered.filter((c) => c === p).length !== 1), 'keys without exactly one row').to.deep.equal([]);
    // The rest are maps only a file can set (payload.codes, ssd.tables, ...): they must exist in the schema.
    expect(covered.filter((p) => !settable.has(p) && schemaNode(p) === undefined), 'rows for no key').to.deep.equal([]);
    expect(CONFIG_REFERENCE.filter((row) => rowKeys(row).length === 0).map((r) => r.keys), 'rows matching nothing').to.deep.equal([]);
  });

  it('shows config/default.json\'s values, and its own text only where a key has none', () => {
    for (const row of CONFIG_REFERENCE) {
      if (row.keys.some((k) => k.endsWith('.*'))) continue; // a group: its text names the defaults
      const withDefault = row.keys.filter(hasDefault);
      if (row.unset === undefined) expect(withDefault, `${row.keys.join(', ')}: every key needs a default, or the row an unset text`).to.deep.equal(row.keys);
      else expect(withDefault, `${row.keys.join(', ')}: has defaults, so its unset text would hide them`).to.deep.equal([]);
    }
  });
});
