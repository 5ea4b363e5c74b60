import { expect } from 'chai';
import { mssqlReach } from '../../src/source/mssql/stream-sql.js';
import { postgresReach } from '../../src/source/postgres/stream-sql.js';
import { reachPlan } from '../../src/source/reach-plan.js';
import { childrenOfSql, childrenOfStreamSql, fetchRowsSql } from '../../src/source/reach-sql.js';
import { sqlNames } from '../../src/source/sql-names.js';
import { isKeyLinked, needsOwnerMap } from '../../src/streams/stream-definition.js';
import { STREAMS } from '../helpers/test-sources.js';

const PLACEMENT = { schema: 'own_s', ssdSchema: 'ssd_s', stagingTable: 'la_staging' };
const stream = (name: string) => {
  const def = STREAMS.find((s) => s.stream === name);
  if (!def) throw new Error(name);
  return def;
};
const count = (text: string, part: string): number => text.split(part).length - 1;

describe('the reach plan both dialects write their touch and fetch SQL from', () => {
  it('chains every path from the stream table (t0) through its hops to the child id', () => {
    for (const def of STREAMS) {
      const plan = reachPlan(def);
      expect(plan.paths, def.stream).to.have.length(def.reach.length);
      expect(plan.ownerMap, def.stream).to.equal(needsOwnerMap(def));
      plan.paths.forEach((path, p) => {
        const reach = def.reach[p];
        path.joins.forEach((join, i) => {
          expect(join.alias).to.equal(`t${i + 1}`);
          expect(join.previous).to.equal(`t${i}`);
          expect([join.table, join.column, join.previousColumn]).to.deep.equal([reach?.via?.[i]?.table, reach?.via?.[i]?.to, reach?.via?.[i]?.from]);
        });
        expect(path.person).to.deep.equal({ alias: `t${path.joins.length}`, column: reach?.person });
        expect(path.keyPart !== null, def.stream).to.equal(isKeyLinked(def, reach as NonNullable<typeof reach>));
      });
    }
  });

  it('starts a key-linked path from the key part its first hop joins (a composite key too)', () => {
    expect(reachPlan(stream('ssd_professionals')).paths.map((p) => p.keyPart)).to.deep.equal([0]);
    expect(reachPlan(stream('ssd_assessment_factors')).paths.map((p) => p.keyPart)).to.deep.equal([1]);
    expect(reachPlan(stream('ssd_cin_plans')).paths.map((p) => p.keyPart)).to.deep.equal([null, null]);
  });

  it('fingerprints a content-keyed stream by its other columns, with no key required', () => {
    const leavers = reachPlan(stream('ssd_care_leavers')).fingerprint;
    expect(leavers.byContent).to.equal(true);
    expect(leavers.hashed).to.not.include('clea_table_id');
    expect(leavers.keyPresent).to.deep.equal([]);
    expect(leavers.person).to.equal('clea_person_id');
    const factors = reachPlan(stream('ssd_assessment_factors')).fingerprint;
    expect([factors.byContent, factors.keyPresent, factors.person]).to.deep.equal([false, ['cinf_table_id', 'cinf_assessment_id'], undefined]);
    expect(factors.hashed).to.include('cinf_table_id');
  });

  it('joins a key-linked path\'s first hop to its own key part, on both dialects', () => {
    const plan = reachPlan(stream('ssd_assessment_factors')); // key (cinf_table_id, cinf_assessment_id); the hop starts from the second
    const [pgNames, msNames] = [sqlNames('postgres', PLACEMENT), sqlNames('mssql', PLACEMENT)];
    const pg = childrenOfSql(plan, false, postgresReach(pgNames));
    const ms = childrenOfSql(plan, false, mssqlReach(msNames));
    expect(pg).to.include('t1 ON t1.cina_assessment_id = split_part(k.row_key, chr(31), 2)');
    expect(ms).to.include('AS t1 ON t1.cina_assessment_id = k.c1');
    // Not through the stream's own table: a deleted factor still reaches its child.
    expect(pg).to.not.include(pgNames.ssd('ssd_assessment_factors'));
    expect(ms).to.not.include(msNames.ssd('ssd_assessment_factors'));
  });

  it('reaches a content-keyed stream\'s changed fingerprints only through them: their keys are hashes no key column holds', () => {
    const plan = reachPlan(stream('ssd_care_leavers'));
    for (const d of [postgresReach(sqlNames('postgres', PLACEMENT)), mssqlReach(sqlNames('mssql', PLACEMENT))]) {
      const table = d.names.ssd('ssd_care_leavers');
      expect(childrenOfSql(plan, true, d)).to.not.include(table);
      expect(childrenOfSql(plan, true, d)).to.include(d.names.own('ssd_delta_fingerprint'));
      expect(childrenOfSql(plan, false, d)).to.include(table); // triggers and Change Tracking log the key itself
    }
  });

  it('gives both dialects the same statements: the same paths, joins and parts', () => {
    const pg = postgresReach(sqlNames('postgres', PLACEMENT));
    const ms = mssqlReach(sqlNames('mssql', PLACEMENT));
    for (const def of STREAMS) {
      const plan = reachPlan(def);
      for (const fingerprints of [true, false]) {
        const [p, m] = [childrenOfSql(plan, fingerprints, pg), childrenOfSql(plan, fingerprints, ms)];
        const paths = fingerprints && !def.keyStable ? 0 : def.reach.length;
        expect(count(p, 'UNION ALL'), def.stream).to.equal(paths + (fingerprints ? 1 : 0)).and.equal(count(m, 'UNION ALL'));
        expect(count(p, 'JOIN '), def.stream).to.equal(count(m, 'JOIN ') - 1 - (fingerprints ? 1 : 0)); // SQL Server joins the remembered keys too
      }
      const [p, m] = [fetchRowsSql(plan, pg), fetchRowsSql(plan, ms)];
      expect(count(p, '\nUNION\n')).to.equal(def.reach.length - 1).and.equal(count(m, '\nUNION\n'));
      expect(count(m, 'JOIN ') - count(p, 'JOIN ')).to.equal(def.reach.length); // SQL Server joins the chunk's ids
      expect(childrenOfStreamSql(plan, pg).includes('ssd_delta_owner')).to.equal(plan.ownerMap).and.equal(childrenOfStreamSql(plan, ms).includes('ssd_delta_owner'));
      for (const text of [p, m, childrenOfSql(plan, true, pg), childrenOfSql(plan, true, ms)]) expect(text).to.match(new RegExp(`^-- generated: \\S+ ${def.stream}\\n`));
    }
  });
});
