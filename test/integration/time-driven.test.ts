import { expect } from 'chai';
import { fixedClock } from '../../src/core/clock.js';
import { addDays } from '../../src/core/iso-date.js';
import { createDocumentHasher, type DocumentHasher } from '../../src/payload/canonical-hash.js';
import { dryBuild } from '../../src/pipeline/dry-build.js';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { STREAMS } from '../helpers/test-sources.js';

for (const target of portTargets()) {
  describe(`time-driven changes (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    let hasher: DocumentHasher;

    /** A fresh full build of every child on `day`: what each child's staging row must hold. */
    async function freshBuild(day: string): Promise<{ outcomes: Map<string, string>; stale: string[] }> {
      const outcomes = new Map<string, string>();
      const stale: string[] = [];
      await dryBuild({ source: h.db.source, streams: STREAMS, hasher, clock: fixedClock(day), chunkSize: 100 }, (children) => {
        for (const { built, mark } of children) {
          outcomes.set(built.personId, built.kind === 'gone' ? 'gone' : `${built.hash} ${built.errors.join('; ')}`);
          if (mark !== null) stale.push(built.personId);
        }
      });
      return { outcomes, stale };
    }

    before(async () => {
      h = await openHarness(await target.open(), 300);
      hasher = await createDocumentHasher();
      await h.cycle({ clock: fixedClock('2027-03-27') });
    });
    after(async () => h?.close());

    it('across 31 March -> 1 April, each cycle rebuilds exactly the children whose documents change, and nobody else', async () => {
      let previous = await freshBuild('2027-03-27');
      expect(previous.stale, 'staging matches a fresh build after the first cycle').to.deep.equal([]);
      const changedPerDay: number[] = [];
      for (const day of ['2027-03-28', '2027-03-29', '2027-03-30', '2027-03-31', '2027-04-01', '2027-04-02']) {
        const current = await freshBuild(day);
        const changed = [...current.outcomes.keys()].filter((id) => current.outcomes.get(id) !== previous.outcomes.get(id)).sort();
        expect(await h.pendingTouches(day), `children due on ${day}`).to.deep.equal(changed);
        const stats = await h.cycle({ clock: fixedClock(day) });
        expect([stats.touched, stats.due, stats.unchanged], `${day}: touched, due, unchanged`).to.deep.equal([changed.length, changed.length, 0]);
        expect((await freshBuild(day)).stale, `staging matches a fresh build on ${day}`).to.deep.equal([]);
        changedPerDay.push(changed.length);
        previous = current;
      }
      // 30 March brings the 2027 census date in (care workers), 1 April moves the window start.
      const [, , march30, , april1] = changedPerDay;
      expect(march30, 'children changed on 30 March').to.be.greaterThan(0);
      expect(april1, 'children changed on 1 April').to.be.greaterThan(10);
    });

    it('children the window moves past are purged without tripping the mass-delete guard', async () => {
      const purged = h.sim.api.received().filter((r) => (r.document as { purge?: boolean }).purge === true);
      expect(purged.length, 'purges sent around 1 April').to.be.greaterThan(0);
    });

    it('a cycle whose today is earlier than the last one (a replay) re-evaluates every child', async () => {
      const stats = await h.cycle({ clock: fixedClock('2027-03-30') });
      expect(stats.baseline).to.equal(true);
      expect((await freshBuild('2027-03-30')).stale).to.deep.equal([]);
      const forward = await h.cycle({ clock: fixedClock(addDays('2027-03-30', 1)) });
      expect(forward.baseline).to.equal(false);
    });
  });

  describe(`time-driven departures and vanished rows (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    before(async () => {
      h = await openHarness(await target.open(), 300);
      await h.cycle({ clock: fixedClock('2027-03-27') });
    });
    after(async () => h?.close());

    it('on 1 April, children due that day whose rows vanished unseen (a reload under way) are held for, and without that guard still trip the mass-delete guard', async () => {
      // Rows deleted where capture cannot see them (as a load by a process that bypasses Postgres'
      // triggers would): only time touches the children, and their rows are gone. No write escapes
      // fingerprints or Change Tracking: there the poll finds the table emptied, which holds too.
      const empty = () => h.db.sql.exec('DELETE FROM ssd_cin_episodes');
      await (h.db.sql.bypassCapture && h.db.source.capture.mode === 'direct' ? h.db.sql.bypassCapture(['ssd_cin_episodes'], empty) : empty());
      const held = await h.cycle({ clock: fixedClock('2027-04-01') });
      expect(held.held, 'the table shrank since the last cycle that marked').to.deep.equal(['ssd_cin_episodes']);
      expect([held.touched, held.deleted, held.sent]).to.deep.equal([0, 0, 0]);
      let error: unknown;
      await h.cycle({ clock: fixedClock('2027-04-01'), guards: { ...h.guards, reloadGraceMs: 0 } }).catch((e: unknown) => (error = e));
      expect((error as { code?: string }).code).to.equal('MASS_DELETE_GUARD');
    });
  });
}
