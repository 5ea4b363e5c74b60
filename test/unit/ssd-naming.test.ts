import { expect } from 'chai';
import { join } from 'node:path';
import { applyNaming, ssdNaming, STANDARD_NAMING } from '../../src/streams/ssd-naming.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/core/errors.js';
import { STREAMS } from '../helpers/test-sources.js';

const VARIANTS = join(PACKAGE_ROOT, 'config', 'ssd-variants');
const byStream = (defs: ReturnType<typeof applyNaming>, stream: string) => defs.find((d) => d.stream === stream)!;

describe('SSD naming (ssd.variant, ssd.tables, ssd.columns)', () => {
  it('leaves the stream definitions as they are with the standard names', () => {
    expect(applyNaming(STREAMS, STANDARD_NAMING).map(({ standard: _s, ...def }) => def)).to.deep.equal(STREAMS);
  });

  it("mosaic: the CIN plan key is cin_plan_id everywhere SQL uses it, read back as cinp_cin_plan_id; placements reach their child through the CLA episode only", () => {
    const defs = applyNaming(STREAMS, ssdNaming(VARIANTS, 'mosaic'));
    const plans = byStream(defs, 'ssd_cin_plans');
    expect(plans.key).to.deep.equal(['cin_plan_id']);
    expect(plans.columns).to.have.property('cin_plan_id', 'text');
    expect(plans.columns).to.not.have.property('cinp_cin_plan_id');
    expect(plans.standard?.cin_plan_id).to.equal('cinp_cin_plan_id');
    const placements = byStream(defs, 'ssd_cla_placement');
    expect(placements.columns).to.not.have.property('clap_person_id');
    expect(placements.absent).to.deep.equal(['clap_person_id']);
    expect(placements.reach).to.deep.equal([{ via: [{ table: 'ssd_cla_episodes', from: 'clap_cla_id', to: 'clae_cla_id' }], person: 'clae_person_id' }]);
  });

  it("renames a table in every stream that joins it, and a column in every join that names it", () => {
    const defs = applyNaming(STREAMS, ssdNaming(VARIANTS, 'systemc', { tables: { ssd_cin_episodes: 'la_referrals' }, columns: { ssd_cin_episodes: { cine_person_id: 'child_id' } } }));
    expect(byStream(defs, 'ssd_cin_episodes').table).to.equal('la_referrals');
    const joins = defs.flatMap((d) => d.reach.flatMap((r) => (r.via ?? []).filter((h) => h.to === 'cine_referral_id')));
    expect(joins.length).to.be.greaterThan(2);
    expect(joins.every((h) => h.table === 'la_referrals')).to.equal(true);
    const involvements = byStream(defs, 'ssd_involvements');
    expect(involvements.reach[0]?.person).to.equal('child_id');
  });

  it('refuses names it does not know, a key column said to be absent, and a stream left with no way to its child', () => {
    const fails = (naming: Parameters<typeof applyNaming>[1]) => () => applyNaming(STREAMS, naming);
    expect(fails({ tables: { ssd_persons: 'x' }, columns: {} })).to.throw(ConfigError, /"ssd\.tables" names ssd_persons, which is not an SSD table/);
    expect(fails({ tables: {}, columns: { ssd_person: { pers_nickname: 'x' } } })).to.throw(ConfigError, /"ssd\.columns\.ssd_person" names pers_nickname, which ssd-delta does not read/);
    expect(fails({ tables: {}, columns: { ssd_cin_plans: { cinp_cin_plan_id: null } } })).to.throw(ConfigError, /part of the stream's key/);
    expect(fails({ tables: {}, columns: { ssd_address: { addr_person_id: null } } })).to.throw(ConfigError, /rows of ssd_address have no way to reach their child/);
    // Generated SQL does not quote column names: a reserved word is refused, by name (tables are quoted, so any name goes).
    expect(fails({ tables: {}, columns: { ssd_cin_plans: { cinp_cin_plan_id: 'plan' } } })).to.throw(ConfigError, /"ssd\.columns\.ssd_cin_plans\.cinp_cin_plan_id" is plan, a word SQL reserves/);
    expect(fails({ tables: { ssd_person: 'user' }, columns: {} })).to.not.throw();
  });
});
