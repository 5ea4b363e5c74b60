import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readStatusWaits, statusWaitLines } from '../../src/cli/status-waits.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';
import type { BatchPoster } from '../../src/submit/batch-poster.js';
import { DEFAULT_SUBMIT_POLICY } from '../../src/submit/submit-policy.js';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { STREAMS } from '../helpers/test-sources.js';
import { loadConfig } from '../../src/config/load-config.js';

for (const target of portTargets()) {
  describe(`status says why children wait (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    before(async () => {
      h = await openHarness(await target.open(), 60);
      await h.cycle();
    });
    after(async () => h?.close());

    // The defaults: submit.maxAttempts 3, api.timeoutMs 30000, capture.reloadGraceMinutes 120.
    const config = loadConfig({ env: {}, flags: {} });
    const lines = async (): Promise<string[]> => statusWaitLines(await readStatusWaits({ source: h.db.source, streams: STREAMS, config }));
    /** Makes one child pending again (its surname changed) and returns it. */
    const changeOne = async (index: number, surname: string): Promise<string> => {
      const child = h.sim.api.heldIds()[index] as string;
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: surname }]);
      await h.mark();
      return child;
    };
    const claim = async (leasedBy: string): Promise<string> => {
      const batch = randomUUID();
      const claimed = await h.db.source.submissions.claimBatch(batch, 10, 300, true, { maxAttempts: 3, started: await h.db.source.submissions.now(), leasedBy });
      expect(claimed).to.have.length(1);
      return batch;
    };

    it('says nothing when nothing waits', async () => {
      expect(await lines()).to.deep.equal([]);
    });

    it("names the run that ended holding a child's lease, says the next cycle takes it over, and the next cycle does", async () => {
      const child = await changeOne(0, 'Ended');
      await claim('run dead0001 on la-host pid 7');
      const [lease] = await h.db.source.submissions.leases();
      expect(await lines()).to.deep.equal([
        `1 children leased to run dead0001 on la-host pid 7, which has ended: the next cycle takes them over and sends them (one whose document has changed since waits until that run's lease runs out, ${lease?.until}, when its unanswered POST can no longer arrive)`,
      ]);
      const stats = await h.cycle();
      expect([stats.takenOver, stats.sent]).to.deep.equal([1, 1]);
      expect(await lines()).to.deep.equal([]);
      // Only this document may be sent until the dead run's lease would have run out; end that now.
      await h.db.sql.query(`UPDATE ssd_api_data_staging SET fence_until = ${h.db.sql.ago(1)} WHERE person_id = $1`, [child]);
    });

    it("a running cycle's lease: names the run holding the run lock and says it is sending them", async function () {
      if (!h.db.openTwin) this.skip(); // the embedded database serves one process: no other can hold the lock
      const twin = await h.db.openTwin();
      try {
        await changeOne(1, 'Live');
        const said = await twin.lock.whileHeld(async () => {
          // What a cycle of another process does once it has the lock: names itself, then claims.
          await h.db.source.submissions.recordRunner('run 1ive0001 on la-host pid 8');
          const batch = await claim('run 1ive0001 on la-host pid 8');
          const during = await lines();
          await h.db.source.submissions.release(batch);
          return during;
        });
        const [running, leased, ...rest] = said.ran ? said.value : [];
        expect([running, rest]).to.deep.equal(['a cycle is running now: run 1ive0001 on la-host pid 8 holds the run lock', []]);
        expect(leased).to.match(/^1 children leased to run 1ive0001 on la-host pid 8, the cycle running now, which is sending them \(its lease runs until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/);
      } finally {
        await twin.close();
      }
      expect((await h.cycle()).sent).to.equal(1);
    });

    it('names a table cycles hold for, and for how long', async () => {
      await h.db.source.capture.noteHeld([{ stream: 'ssd_person', seen: 'rows 0' }]);
      // Held since a fixed moment: the line says since how long (the database's clock) and until when
      // (that moment and capture.reloadGraceMinutes, 120), by no clock of the test's. (UTC: SQL Server's
      // DATETIME2 holds UTC without a zone.)
      await h.db.sql.query('UPDATE ssd_delta_table_guard SET held_since = $1 WHERE stream = $2', [h.db.source.dialect === 'mssql' ? '2026-01-02T03:04:05' : '2026-01-02T03:04:05Z', 'ssd_person']);
      const said = await lines();
      expect(said).to.have.length(1);
      expect(said[0]).to.match(/^cycles have held for the load of ssd_person for \d+ minutes: nothing is marked until it settles, or until 2026-01-02T05:04:05Z \(capture.reloadGraceMinutes\), when cycles go on without waiting$/);
      await h.db.sql.query("UPDATE ssd_delta_table_guard SET held_since = NULL, held_seen = NULL WHERE stream = 'ssd_person'");
    });

    it("keeps the last cycle's reasons: the send window, the circuit breaker, children the API did not take; forgets them once a cycle sends all", async () => {
      await changeOne(2, 'Window');
      await h.cycle({ submit: { closed: 'outside the send window (schedule.send "* 1-5 * * *")', stopClaiming: () => true } });
      const pendingLine = "1 children pending in all: the next cycle (`ssd-delta run`, or serve's schedule.cycle)" + (h.db.openTwin ? '; none is running now' : '') + ' sends them, but for any a reason above holds';
      expect((await lines()).map((l) => l.replace(/\(\d{4}-[^)]*\)/, '(T)'))).to.deep.equal(['the last finished cycle (T): outside the send window (schedule.send "* 1-5 * * *")', pendingLine]);

      const down: BatchPoster = { postBatch: async () => ({ status: 503, durationMs: 1, attempt: 1, retryAfter: null, responseExcerpt: '', result: { kind: 'error', reason: 'HTTP 503 server error', detail: '' } }) };
      await h.cycle({ poster: down, submit: { policy: { ...DEFAULT_SUBMIT_POLICY, retries: 0, breakerThreshold: 1 } } });
      const said = await lines();
      expect(said).to.have.length(2);
      expect(said[0]).to.match(/^the last finished cycle \(.*\): sending stopped by the circuit breaker: .*HTTP 503/);
      expect(said[1]).to.equal(pendingLine);

      expect((await h.cycle()).sent).to.equal(1);
      expect(await lines()).to.deep.equal([]);
    });

    it("keeps a mass-delete guard's stop", async () => {
      const people = h.sim.api.heldIds().slice(10, 38).map((id) => ({ pers_person_id: id }));
      await ssdWriterOf(h.db.source).deleteRows('ssd_person', ['pers_person_id'], people);
      const error = await h.cycle().then(() => null, (e: unknown) => e as { code?: string });
      expect(error?.code).to.equal('MASS_DELETE_GUARD');
      const said = await lines();
      expect(said).to.have.length(1);
      expect(said[0]).to.match(/^the last finished cycle \(.*\): marking stopped by a mass-delete guard: this cycle would purge/);
    });
  });
}
