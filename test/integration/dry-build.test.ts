import { expect } from 'chai';
import { fixedClock } from '../../src/core/clock.js';
import { createDocumentHasher } from '../../src/payload/canonical-hash.js';
import { dryBuild, type DryChild } from '../../src/pipeline/dry-build.js';
import { openHarness, TODAY, type CycleHarness } from '../helpers/cycle-harness.js';
import { documentTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

for (const target of documentTargets()) {
  describe(`dry build for validate and export (${target.name})`, function () {
    this.timeout(120_000);
    let h: CycleHarness<PortDatabase>;
    before(async () => {
      h = await openHarness(await target.open(), 80);
    });
    after(async () => h?.close());

    const build = async (): Promise<DryChild[]> => {
      const all: DryChild[] = [];
      await dryBuild({ source: h.db.source, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock(TODAY), chunkSize: 25 }, (c) => void all.push(...c));
      return all;
    };

    it('reports an invalid document with its reasons, and what each child would be marked, writing nothing', async () => {
      const [episode] = await ssdWriterOf(h.db.source).sampleRows('ssd_cin_episodes', 1, 3);
      await ssdWriterOf(h.db.source).insertRows('ssd_person', [{ pers_person_id: 'BAD-ID-1', pers_sex: 'F', pers_dob: '2016-05-05' }]);
      await ssdWriterOf(h.db.source).insertRows('ssd_cin_episodes', [{ ...episode, cine_referral_id: 'RBAD1', cine_person_id: 'BAD-ID-1', cine_referral_date: '2026-01-02', cine_close_date: null }]);
      const children = await build();
      const bad = children.find((c) => c.built.personId === 'BAD-ID-1');
      expect(bad?.outcome).to.equal('invalid');
      expect(bad?.built.kind === 'document' && bad.built.errors.join(' ')).to.match(/la_child_id/);
      expect(children.filter((c) => c.outcome === 'new').length).to.be.greaterThan(50);
      expect(await h.db.source.staging.statusCounts()).to.deep.equal([]);
    });
  });
}
