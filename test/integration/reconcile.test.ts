import { expect } from 'chai';
import stringify from 'fast-json-stable-stringify';
import { fixedClock } from '../../src/core/clock.js';
import { byItemId } from '../../src/payload/apply-document.js';
import type { JsonObject } from '../../src/payload/document-shape.js';
import { reconcile } from '../../src/pipeline/reconcile.js';
import { openHarness, TODAY, type CycleHarness } from '../helpers/cycle-harness.js';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { freshDocuments } from '../helpers/fresh-documents.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

for (const target of portTargets()) {
  describe(`reconcile: the API's documents against the SSD (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    const run = (mark: boolean) => reconcile({ source: h.db.source, streams: STREAMS, hasher: h.hasher, clock: fixedClock(TODAY), chunkSize: 50 }, { mark, guards: h.guards });

    before(async () => {
      h = await openHarness(await target.open(), 120);
      await h.cycle();
    });
    after(async () => h?.close());

    it('finds nothing after a cycle has sent everything', async () => {
      const report = await run(false);
      expect(report.discrepancies).to.deep.equal([]);
      expect(report.counts.ok).to.be.greaterThan(100);
    });

    it('lists missed changes, deletions and children, leaves queued ones alone, and --mark queues exactly those for the next run', async function () {
      const unseen = h.db.sql.bypassCapture;
      // No write escapes fingerprints, nor Change Tracking on SQL Server: only Postgres' triggers can be bypassed.
      if (!unseen || h.db.source.capture.mode !== 'direct') return this.skip();
      const [changed, gone, queued] = h.sim.api.heldIds() as [string, string, string];
      await unseen(['ssd_person'], async () => {
        await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: changed, pers_surname: 'Missedchange' }]);
        await ssdWriterOf(h.db.source).deleteRows('ssd_person', ['pers_person_id'], [{ pers_person_id: gone }]);
      });
      // A change the feed saw and a cycle marked, not yet sent: queued, not reported.
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: queued, pers_surname: 'Alreadyqueued' }]);
      await h.mark();
      // A child the SSD has and the API never got: its rows copied from another under a new id, unseen.
      const [person] = await h.rowsWhere('ssd_person', 'pers_person_id', String(changed));
      const [episode] = await h.rowsWhere('ssd_cin_episodes', 'cine_person_id', String(changed));
      await unseen(['ssd_person', 'ssd_cin_episodes'], async () => {
        await ssdWriterOf(h.db.source).insertRows('ssd_person', [{ ...person, pers_person_id: '9900001', pers_legacy_id: null }]);
        await ssdWriterOf(h.db.source).insertRows('ssd_cin_episodes', [{ ...episode, cine_referral_id: 'RMISSING1', cine_person_id: '9900001' }]);
      });

      const report = await run(false);
      expect(report.discrepancies.map((d) => [d.personId, d.standing, d.status])).to.deep.equal(
        [[changed, 'differs', 'sent'], [gone, 'extra', 'sent'], ['9900001', 'missing', null]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      expect(report.counts.queued).to.equal(1);
      expect(report.marked).to.equal(0);
      const quiet = await h.cycle();
      expect(quiet.sent, 'the feed saw none of them').to.equal(1);

      const marked = await run(true);
      expect(marked.marked).to.equal(3);
      const before = h.sim.api.received().length;
      const stats = await h.cycle();
      expect(h.sim.api.received().slice(before).map((r) => r.laChildId).sort()).to.deep.equal([changed, gone, '9900001'].sort());
      expect(stats.sent).to.equal(3);
      expect((h.sim.api.receivedFor(String(gone)).at(-1)?.document as JsonObject).purge).to.equal(true);
      const fresh = await freshDocuments(h.db.source, fixedClock(TODAY));
      expect(h.sim.api.heldIds()).to.deep.equal([...fresh.keys()].sort());
      for (const [id, doc] of fresh) expect(stringify(byItemId(h.sim.api.current(id) as JsonObject)), id).to.equal(stringify(byItemId(doc)));
      expect((await run(false)).discrepancies).to.deep.equal([]);
    });

    it('--mark queues nothing while a table looks mid-load, and no mass purge unless lifted', async () => {
      const people = await ssdWriterOf(h.db.source).sampleRows('ssd_person', 100_000, 3);
      // Unseen where a write can escape capture (Postgres triggers): the guard must not need the feed.
      const empty = () => h.db.sql.exec('DELETE FROM ssd_person');
      await (h.db.sql.bypassCapture && h.db.source.capture.mode === 'direct' ? h.db.sql.bypassCapture(['ssd_person'], empty) : empty());
      const error = await run(true).catch((e: unknown) => e);
      expect((error as { code?: string }).code).to.equal('SSD_MID_LOAD');
      // Fingerprints see the table moved since their refresh before they see it empty.
      expect((error as Error).message).to.match(h.db.source.capture.mode === 'direct' ? /ssd_person has 0 rows/ : /ssd_person changed after its fingerprints were refreshed/);
      expect((await run(false)).discrepancies.length, 'reported all the same').to.be.greaterThan(100);
      await ssdWriterOf(h.db.source).insertRows('ssd_person', people);
      expect((await run(false)).discrepancies).to.deep.equal([]);
    });
  });
}
