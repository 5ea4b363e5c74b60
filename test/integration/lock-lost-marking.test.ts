import { expect } from 'chai';
import type { MarkWrite } from '../../src/source/source.js';
import { serverTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';

for (const target of serverTargets()) {
  describe(`a cycle whose run lock is lost while it marks (${target.name})`, function () {
    this.timeout(120_000);
    let h: CycleHarness<PortDatabase>;
    before(async () => {
      h = await openHarness(await target.open(), 250);
    });
    after(async () => h?.close());

    it('writes no chunk after the loss, says so, and the next cycle marks and sends everyone', async function () {
      const end = h.db.sql.endRunLockSession;
      if (!end) this.skip(); // SQL Server: see TestSql.endRunLockSession
      const staging = h.db.source.staging as { write: (write: MarkWrite) => Promise<void> };
      const write = staging.write;
      let writes = 0;
      // The first chunk's marks are written; then a DBA kills the session holding the run lock.
      staging.write = async (w) => {
        writes += 1;
        await write(w);
        if (writes === 1) await h.db.sql.exec(end as string);
      };
      let error: { code?: string; message: string } | undefined;
      try {
        error = await h.cycle().then(
          () => undefined,
          (e: unknown) => e as { code?: string; message: string },
        );
      } finally {
        staging.write = write;
      }
      expect(error?.code, String(error?.message)).to.equal('RUN_LOCK_LOST');
      expect(error?.message).to.match(/the run lock was lost while it marked/);
      expect(writes, 'chunks written: the first only (the baseline has three)').to.equal(1);
      const [marked] = await h.db.sql.query<{ n: number | string }>('SELECT count(*) AS n FROM ssd_api_data_staging');
      expect(Number(marked?.n)).to.be.within(1, 100);
      expect(h.sim.api.received(), 'nothing sent').to.have.length(0);
      const next = await h.cycle();
      expect([next.lockedOut, next.baseline]).to.deep.equal([false, true]);
      const counts = await h.db.sql.query<{ submission_status: string; n: number | string }>('SELECT submission_status, count(*) AS n FROM ssd_api_data_staging GROUP BY submission_status');
      expect(counts.map((c) => c.submission_status)).to.deep.equal(['sent']);
      expect(next.sent).to.equal(Number(counts[0]?.n));
      expect(next.sent).to.be.greaterThan(Number(marked?.n));
    });
  });
}
