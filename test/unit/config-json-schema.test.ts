import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS } from '../../src/config/config-keys.js';
import { CONFIG_JSON_SCHEMA_PATH, renderConfigJsonSchema } from '../../src/config/config-json-schema.js';
import { SECRET_KEYS } from '../../src/config/config-schema.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

type Node = { properties?: Record<string, Node>; required?: string[]; default?: unknown; additionalProperties?: boolean };

describe('config/config.schema.json', () => {
  // Read inside each test: a missing file must fail these tests, not abort the whole run.
  const committedText = (): string => (existsSync(CONFIG_JSON_SCHEMA_PATH) ? readFileSync(CONFIG_JSON_SCHEMA_PATH, 'utf8') : '');

  it('is what the zod schema generates today (run `npm run config-schema` after changing config-schema.ts)', () => {
    expect(committedText() === renderConfigJsonSchema(), 'config/config.schema.json is out of date: run `npm run config-schema`').to.equal(true);
  });

  it('describes a config file: every non-secret key, all optional, defaults from config/default.json, unknown keys refused', () => {
    const committed = committedText();
    expect(committed, 'config/config.schema.json is missing: run `npm run config-schema`').to.not.equal('');
    const schema = JSON.parse(committed) as Node;
    // Keys are leaves; a nested section (database.mssql) is walked, a map (payload.codes) is one key.
    const leaves = (prefix: string, node: Node): string[] =>
      Object.entries(node.properties ?? {}).flatMap(([k, child]) => {
        const path = prefix ? `${prefix}.${k}` : k;
        return child.properties && path.split('.').length >= 2 && path !== 'payload.codes' ? leaves(path, child) : [path];
      });
    const paths = Object.entries(schema.properties ?? {}).flatMap(([section, node]) => leaves(section, node));
    // payload.codes, ssd.tables, ssd.columns and simulator.faultRates hold maps, which only a file can set (no environment variable or flag).
    const secrets = SECRET_KEYS;
    const expected = [...CONFIG_KEYS.map((k) => k.path).filter((p) => !secrets.includes(p) && !p.startsWith('payload.codes.')), 'payload.codes', 'ssd.tables', 'ssd.columns', 'simulator.faultRates'];
    expect(paths).to.have.members(expected);
    expect(committed).to.not.match(/"required"/);
    expect(schema.properties?.submit?.properties?.leaseSeconds?.default).to.equal(300);
    expect(schema.properties?.submit?.additionalProperties).to.equal(false);
    const defaults = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'config', 'default.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(schema.properties?.database?.properties?.stagingTable?.default).to.equal(defaults.database?.stagingTable);
  });
});
