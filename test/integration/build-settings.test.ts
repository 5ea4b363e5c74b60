import { expect } from 'chai';
import { createBuildSettings } from '../../src/payload/build-settings.js';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';

for (const target of portTargets()) {
  describe(`build settings and upgrades (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    before(async () => {
      h = await openHarness(await target.open(), 120);
      await h.cycle();
    });
    after(async () => h?.close());

    it('a cohort list (payload.cohortFile) re-evaluates every child and purges exactly those it leaves out', async () => {
      const held = h.sim.api.heldIds();
      const left = held.slice(0, 3);
      const everyone = (await h.db.sql.query<{ pers_person_id: string }>('SELECT pers_person_id FROM ssd_person')).map((r) => String(r.pers_person_id));
      const settings = createBuildSettings({}, everyone.filter((id) => !left.includes(id)));
      const stats = await h.cycle({ settings });
      expect(stats.baseline).to.equal(true);
      expect([stats.deleted, stats.sent, stats.updated, stats.new]).to.deep.equal([3, 3, 0, 0]);
      expect(h.sim.api.heldIds()).to.deep.equal(held.filter((id) => !left.includes(id)));
      const again = await h.cycle({ settings });
      expect([again.baseline, again.touched]).to.deep.equal([false, 0]);
      // Without the list they come back, sent whole.
      const back = await h.cycle();
      expect([back.baseline, back.updated, back.sent]).to.deep.equal([true, 3, 3]);
      expect(h.sim.api.heldIds()).to.deep.equal(held);
    });

    it('a database marked before ssd-delta knew its last cycle (an upgrade) is re-evaluated once, sending nothing unchanged', async () => {
      await h.db.sql.exec('DELETE FROM ssd_delta_last_cycle');
      const stats = await h.cycle();
      expect([stats.baseline, stats.sent]).to.deep.equal([true, 0]);
      expect(stats.touched).to.be.greaterThan(100);
      expect((await h.cycle()).baseline).to.equal(false);
    });
  });
}
