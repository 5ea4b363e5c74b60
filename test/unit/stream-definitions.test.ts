import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStreamDefinitions, needsOwnerMap, requiredColumns } from '../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { STREAMS } from '../helpers/test-sources.js';

/** table -> columns, parsed from the seed's DDL. */
function ddlColumns(): Map<string, Set<string>> {
  const sql = readFileSync(join(PACKAGE_ROOT, 'sql/postgres/ssd/create-ssd-tables.sql'), 'utf8');
  const out = new Map<string, Set<string>>();
  for (const match of sql.matchAll(/CREATE TABLE IF NOT EXISTS \{\{ssd_schema\}\}\.(\w+) \(([\s\S]*?)\n\);/g)) {
    const columns = [...(match[2] ?? '').matchAll(/^\s+(\w+) /gm)].map((m) => m[1] as string).filter((c) => c !== 'PRIMARY');
    out.set(match[1] as string, new Set(columns));
  }
  return out;
}

describe('stream definitions (streams/*.json)', () => {
  it('define one stream per SSD table, 19 in all', () => {
    expect(STREAMS.map((s) => s.table)).to.have.length(19);
    expect([...ddlColumns().keys()].sort()).to.deep.equal(STREAMS.map((s) => s.table).sort());
  });

  it('name only columns that exist in the SSD DDL, on every reach path', () => {
    const ddl = ddlColumns();
    const unknown = STREAMS.flatMap(requiredColumns).filter(({ table, column }) => !ddl.get(table)?.has(column));
    expect(unknown).to.deep.equal([]);
  });

  it('match ssd-tables.json in the shared spec, when it is beside the repository', function () {
    let spec: { tables: Record<string, { primaryKey: string[]; keyStable: boolean; columns: Array<{ name: string; postgresType: string }> }> };
    try {
      spec = JSON.parse(readFileSync(join(PACKAGE_ROOT, '..', 'shared', 'spec', 'ssd-tables.json'), 'utf8'));
    } catch {
      this.skip();
    }
    const ddl = ddlColumns();
    for (const stream of STREAMS) {
      const table = spec.tables[stream.table];
      expect(table, stream.table).to.not.equal(undefined);
      expect(stream.key, stream.table).to.deep.equal(table?.primaryKey);
      expect(stream.keyStable, stream.table).to.equal(table?.keyStable);
      expect([...(ddl.get(stream.table) ?? [])], stream.table).to.deep.equal(table?.columns.map((c) => c.name));
    }
  });

  it('reach professionals through involvements (fan-out) and assessment factors in two hops', () => {
    const prof = STREAMS.find((s) => s.table === 'ssd_professionals');
    expect(prof?.fanOut).to.equal(true);
    expect(prof?.reach[0]?.via?.[0]).to.deep.equal({ table: 'ssd_involvements', from: 'prof_professional_id', to: 'invo_professional_id' });
    expect(STREAMS.find((s) => s.table === 'ssd_assessment_factors')?.reach[0]?.via).to.have.length(2);
  });

  it('keep owner-map entries for every stream except those reached through their own key', () => {
    const without = STREAMS.filter((s) => !needsOwnerMap(s)).map((s) => s.table);
    expect(without).to.deep.equal(['ssd_assessment_factors', 'ssd_professionals']);
  });

  it('refuse a stream keyed by its content (keyStable false) with no child id on its own row', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ssd-delta-streams-'));
    try {
      const leavers = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'streams', 'ssd_care_leavers.json'), 'utf8')) as Record<string, unknown>;
      const viaEpisode = [{ via: [{ table: 'ssd_cin_episodes', from: 'clea_person_id', to: 'cine_person_id' }], person: 'cine_person_id' }];
      writeFileSync(join(folder, 'ssd_care_leavers.json'), JSON.stringify({ ...leavers, reach: viaEpisode }));
      expect(() => loadStreamDefinitions(folder)).to.throw(/keyStable false needs a reach path with no "via"/);
      writeFileSync(join(folder, 'ssd_care_leavers.json'), JSON.stringify(leavers));
      expect(loadStreamDefinitions(folder)).to.have.length(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
