import { expect } from 'chai';
import type { SimulatedPoster } from '../../src/cli/simulated-poster.js';
import type { CycleStats } from '../../src/pipeline/cycle-stats.js';
import { captureTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

/**
 * Direct capture on every dialect (triggers on Postgres, Change Tracking on the SSD tables on SQL
 * Server), through the port only: a change in place reaches its child; a TRUNCATE and reload of
 * the same rows (a trigger TRUNCATE event on Postgres; on SQL Server a watermark below the
 * table's CHANGE_TRACKING_MIN_VALID_VERSION, which re-baselines) loses nobody and sends nothing.
 */
for (const target of captureTargets('direct')) {
  describe(`direct capture (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    let db: PortDatabase;
    let sim: SimulatedPoster;
    const cycle = (): Promise<CycleStats> => h.cycle();

    before(async () => {
      h = await openHarness(await target.open(), 60);
      ({ db, sim } = h);
    });
    after(async () => h?.close());

    it('first cycle evaluates every child; the next one finds nothing', async () => {
      expect(await db.source.capture.installed(STREAMS)).to.have.length(new Set(STREAMS.map((s) => s.table)).size);
      const first = await cycle();
      expect(first.baseline).to.equal(true);
      expect(first.sent).to.be.greaterThan(10);
      const second = await cycle();
      expect(second.touched).to.equal(0);
      expect(second.sent).to.equal(0);
    });

    it('an update in place reaches its child, which is sent', async () => {
      const rows = await ssdWriterOf(db.source).sampleRows('ssd_address', 1_000_000, 1);
      const row = rows.find((r) => sim.api.heldIds().includes(String(r.addr_person_id)));
      await ssdWriterOf(db.source).updateRows('ssd_address', ['addr_table_id'], [{ addr_table_id: row?.addr_table_id ?? null, addr_address_postcode: 'ZZ9 9ZZ' }]);
      const stats = await cycle();
      expect(stats.touched).to.be.at.least(1);
      expect(stats.sent).to.equal(1);
    });

    it('a truncate and reload of the same rows loses nobody and sends nothing', async () => {
      const rows = await ssdWriterOf(db.source).sampleRows('ssd_disability', 1_000_000, 1);
      await ssdWriterOf(db.source).truncate('ssd_disability');
      await ssdWriterOf(db.source).insertRows('ssd_disability', rows);
      const held = sim.api.heldIds().length;
      // The first cycle after a TRUNCATE waits for the reload to settle (capture.waitForSettledLoads).
      expect((await cycle()).held).to.deep.equal(['ssd_disability']);
      const stats = await cycle();
      expect(stats.touched).to.be.at.least(1);
      expect(stats.deleted).to.equal(0);
      expect(stats.sent).to.equal(0);
      expect(sim.api.heldIds()).to.have.length(held);
    });
  });
}
