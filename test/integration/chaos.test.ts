import { expect } from 'chai';
import stringify from 'fast-json-stable-stringify';
import { fixedClock } from '../../src/core/clock.js';
import { byItemId } from '../../src/payload/apply-document.js';
import type { JsonObject } from '../../src/payload/document-shape.js';
import { chaosPolicy } from '../../src/simulate/chaos-policy.js';
import { simulateChanges } from '../../src/simulate/change-simulator.js';
import { DEFAULT_SUBMIT_POLICY } from '../../src/submit/submit-policy.js';
import { openHarness, TODAY, type CycleHarness } from '../helpers/cycle-harness.js';
import { freshDocuments } from '../helpers/fresh-documents.js';
import { DEFAULT_GUARDS } from '../../src/pipeline/delete-guard.js';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

for (const target of portTargets()) {
  describe(`sending through chaos (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    // Fingerprint capture (SQL Server) refreshes a moved table at once here: these runs are about sending.
    const guards = target.name.endsWith('fingerprint') ? { ...DEFAULT_GUARDS, reloadGraceMs: 0, waitForSettledLoads: false } : undefined;
    before(async () => {
      h = await openHarness(await target.open(), 120);
    });
    after(async () => h?.close());

    it('with a third of all POSTs failing in every way, runs repeated until done leave the receiver holding exactly a fresh build', async () => {
      const rate = 0.04;
      h.sim.api.setFaultPolicy(chaosPolicy({ rates: { '401': rate, '403': rate, '429': rate, '500': rate, '503': rate, reset: rate, malformed: rate, wrongLength: rate }, retryAfterSeconds: 0, latencyMinMs: 0, latencyMaxMs: 3, seed: 9 }));
      const policy = { ...DEFAULT_SUBMIT_POLICY, maxAttempts: 50, breakerThreshold: 50 };
      const submit = { batchSize: 4, concurrency: 3, policy };
      let runs = 0;
      const done = async (): Promise<boolean> => (await h.db.source.staging.statusCounts()).every((c) => !['pending', 'error', 'sending'].includes(c.submissionStatus) || c.count === 0);
      for (let round = 1; round <= 3; round += 1) {
        do {
          await h.cycle({ submit, ...(guards ? { guards } : {}) });
          runs += 1;
        } while (!(await done()) && runs < 60);
        await simulateChanges(ssdWriterOf(h.db.source), { seed: 5, round, today: TODAY });
      }
      do {
        await h.cycle({ submit, ...(guards ? { guards } : {}) });
        runs += 1;
      } while (!(await done()) && runs < 80);
      expect(await done(), `everything sent within ${runs} runs`).to.equal(true);
      const faults = h.sim.api.requests().filter((r) => r.route === 'children' && r.outcome !== 200).length;
      expect(faults, 'faults injected').to.be.greaterThan(8);
      const fresh = await freshDocuments(h.db.source, fixedClock(TODAY));
      expect(h.sim.api.heldIds()).to.deep.equal([...fresh.keys()].sort());
      for (const [id, doc] of fresh) expect(stringify(byItemId(h.sim.api.current(id) as JsonObject)), id).to.equal(stringify(byItemId(doc)));
    });
  });
}
