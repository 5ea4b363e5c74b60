import { expect } from 'chai';
import type { SimulatedPoster } from '../../src/cli/simulated-poster.js';
import type { CycleStats } from '../../src/pipeline/cycle-stats.js';
import { DEFAULT_GUARDS } from '../../src/pipeline/delete-guard.js';
import { SSD_TABLE_KEYS, SSD_TABLE_NAMES, type SsdTableName } from '../../src/simulate/ssd-table-keys.js';
import type { SsdRow } from '../../src/source/ssd-row.js';
import { captureTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

/** Every row of a table, as the seed would insert it again (a reload of the same data). */
const allRows = (db: PortDatabase, table: string): Promise<SsdRow[]> => ssdWriterOf(db.source).sampleRows(table, 1_000_000, 1);

/** A truncate-and-reload of `table` with `rows` (what an LA's nightly SSD script does). */
async function reload(db: PortDatabase, table: string, rows: readonly SsdRow[]): Promise<void> {
  await ssdWriterOf(db.source).truncate(table);
  if (rows.length > 0) await ssdWriterOf(db.source).insertRows(table, rows);
}

/**
 * Fingerprint capture on every dialect (PGlite, the Postgres server, SQL Server when
 * SSD_DELTA_MSSQL_URL is set), through the port only: a nightly truncate-and-reload costs
 * nothing, regenerated keys cost nothing, a real change reaches exactly its child, and a table
 * caught empty mid-reload is waited for instead of purged.
 */
for (const target of captureTargets('fingerprint')) {
  describe(`fingerprint capture (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    let db: PortDatabase;
    let sim: SimulatedPoster;
    // Most tests are about what a refresh finds: each cycle refreshes what moved at once. One
    // shows the default, which first waits for the loaded tables to settle.
    const cycle = (): Promise<CycleStats> => h.cycle();
    const settlingCycle = (): Promise<CycleStats> => h.cycle({ guards: DEFAULT_GUARDS });

    before(async () => {
      h = await openHarness(await target.open(), 80);
      ({ db, sim } = h);
    });
    after(async () => h?.close());

    it('first cycle fingerprints every table and sends every child in the cohort', async () => {
      const stats = await cycle();
      expect(stats.baseline).to.equal(true);
      expect(stats.sent).to.be.greaterThan(20);
      expect(stats.errors).to.equal(0);
      // Nothing loaded since: the poll reads each table's signature and writes nothing.
      expect(await db.source.capture.refresh(STREAMS, { onlyMoved: true })).to.deep.equal([]);
    });

    it('a reload of every SSD table with the same rows changes nothing and sends nothing', async () => {
      for (const table of SSD_TABLE_NAMES) await reload(db, table, await allRows(db, table));
      const stats = await cycle();
      expect(stats.changesRead).to.equal(0);
      expect(stats.touched).to.equal(0);
      expect(stats.sent).to.equal(0);
    });

    it('a reload that regenerates the keys of care leavers, linked identifiers and SDQ scores changes nothing', async () => {
      const unstable = STREAMS.filter((s) => !s.keyStable).map((s) => s.table as SsdTableName);
      expect(unstable).to.have.members(['ssd_care_leavers', 'ssd_linked_identifiers', 'ssd_sdq_scores']);
      for (const table of unstable) {
        const [key] = SSD_TABLE_KEYS[table];
        const rows = await allRows(db, table);
        await reload(db, table, rows.map((r, i) => ({ ...r, [key]: `R${i}-${String(r[key])}` })));
      }
      const stats = await cycle();
      expect(stats.touched).to.equal(0);
      expect(stats.sent).to.equal(0);
    });

    it('a reload with one row really changed touches only its child, and sends it', async () => {
      const rows = await allRows(db, 'ssd_disability');
      const target = rows.find((r) => sim.api.heldIds().includes(String(r.disa_person_id)));
      expect(target, 'a sent child with a disability row').to.not.equal(undefined);
      const changed = rows.map((r) => (r === target ? { ...r, disa_disability_code: r.disa_disability_code === 'HEAR' ? 'VIS' : 'HEAR' } : r));
      await reload(db, 'ssd_disability', changed);
      const before = sim.api.received().length;
      const stats = await cycle();
      expect(stats.touched).to.equal(1);
      expect(stats.updated).to.equal(1);
      expect(stats.sent).to.equal(1);
      expect(sim.api.received().slice(before).map((r) => r.laChildId)).to.deep.equal([String(target?.disa_person_id)]);
    });

    it('a deleted row still reaches its child through its fingerprint', async () => {
      const rows = await allRows(db, 'ssd_disability');
      const gone = rows.find((r) => sim.api.heldIds().includes(String(r.disa_person_id)));
      await ssdWriterOf(db.source).deleteRows('ssd_disability', ['disa_table_id'], [gone as SsdRow]);
      const stats = await cycle();
      expect(stats.touched).to.equal(1);
      expect(stats.updated + stats.unchanged).to.equal(1);
    });

    it('a table caught empty mid-reload holds the cycle (capture.reloadGraceMinutes): nobody purged, the other changes kept for after the reload', async () => {
      const rows = await allRows(db, 'ssd_person');
      const disability = (await allRows(db, 'ssd_disability')).find((r) => sim.api.heldIds().includes(String(r.disa_person_id)));
      await ssdWriterOf(db.source).truncate('ssd_person');
      // Meanwhile a row of another table changes: its child must not be rebuilt without its person row.
      await ssdWriterOf(db.source).updateRows('ssd_disability', ['disa_table_id'], [{ disa_table_id: disability?.disa_table_id ?? null, disa_disability_code: disability?.disa_disability_code === 'LD' ? 'HEAR' : 'LD' }]);
      const received = sim.api.received().length;
      const during = await cycle();
      expect(during.held).to.deep.equal(['ssd_person']);
      expect(during.touched).to.equal(0);
      expect(during.deleted).to.equal(0);
      expect(sim.api.received().length).to.equal(received);
      const [skipped] = await db.source.capture.refresh(STREAMS.filter((s) => s.stream === 'ssd_person'), { onlyMoved: true, reloadGraceMs: 60_000 });
      expect(skipped?.skipped).to.match(/ssd_person is empty but held rows at the last refresh: waiting up to capture\.reloadGraceMinutes/);
      await ssdWriterOf(db.source).insertRows('ssd_person', rows);
      const after = await cycle();
      expect(after.held).to.deep.equal([]);
      expect(after.touched).to.equal(1);
      expect(sim.api.received().slice(received).map((r) => r.laChildId)).to.deep.equal([String(disability?.disa_person_id)]);
    });

    it('by default a table is refreshed once its load has settled: the cycle that sees it moving marks nothing', async () => {
      const rows = await allRows(db, 'ssd_disability');
      const target = rows.find((r) => sim.api.heldIds().includes(String(r.disa_person_id)));
      await reload(db, 'ssd_disability', rows.map((r) => (r === target ? { ...r, disa_disability_code: r.disa_disability_code === 'HEAR' ? 'VIS' : 'HEAR' } : r)));
      const received = sim.api.received().length;
      const moving = await settlingCycle();
      expect(moving.held).to.deep.equal(['ssd_disability']);
      expect(moving.touched).to.equal(0);
      expect(sim.api.received().length).to.equal(received);
      const settled = await settlingCycle();
      expect(settled.held).to.deep.equal([]);
      expect(settled.touched).to.equal(1);
      expect(sim.api.received().slice(received).map((r) => r.laChildId)).to.deep.equal([String(target?.disa_person_id)]);
      const quiet = await settlingCycle();
      expect(quiet.touched).to.equal(0);
    });

    it('a changed row is written to the feed once: a second cycle finds nothing', async () => {
      const rows = await allRows(db, 'ssd_address');
      const moved = rows.find((r) => sim.api.heldIds().includes(String(r.addr_person_id)));
      await ssdWriterOf(db.source).updateRows('ssd_address', ['addr_table_id'], [{ addr_table_id: moved?.addr_table_id ?? null, addr_address_postcode: 'ZZ9 9ZZ' }]);
      const first = await cycle();
      expect(first.touched).to.equal(1);
      const second = await cycle();
      expect(second.changesRead).to.equal(0);
      expect(second.touched).to.equal(0);
    });
  });
}
