import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { deltaBody } from '../../src/payload/document-delta.js';
import type { BatchPoster } from '../../src/submit/batch-poster.js';
import { portTargets, serverTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';
import { DEFAULT_SUBMIT_POLICY } from '../../src/submit/submit-policy.js';

const statuses = async (h: CycleHarness<PortDatabase>): Promise<Record<string, number>> => {
  const rows = await h.db.sql.query<{ submission_status: string; n: number | string }>('SELECT submission_status, count(*) AS n FROM ssd_api_data_staging GROUP BY submission_status');
  return Object.fromEntries(rows.map((r) => [r.submission_status, Number(r.n)]));
};

for (const target of portTargets()) {
  describe(`submission recovery (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    before(async () => {
      h = await openHarness(await target.open(), 200);
    });
    after(async () => h?.close());

    it('a failure before any answer stops claiming, lets batches in flight finish, and leaves nothing leased', async () => {
      let calls = 0;
      const flaky: BatchPoster = {
        async postBatch(payloads) {
          calls += 1;
          if (calls === 2) throw new Error('token endpoint down');
          await new Promise((resolve) => setTimeout(resolve, 150)); // still in flight when call 2 fails
          return h.sim.poster.postBatch(payloads);
        },
      };
      let error: unknown;
      await h.cycle({ poster: flaky }).catch((e: unknown) => (error = e));
      expect((error as Error).message).to.equal('token endpoint down');
      const after = await statuses(h);
      expect(after.sending ?? 0).to.equal(0);
      expect(after.sent).to.equal(h.sim.api.received().length);
      expect(after.pending).to.be.greaterThan(0);
      const stats = await h.cycle();
      expect(stats.sent).to.equal(after.pending);
      expect(await statuses(h)).to.deep.equal({ sent: (after.sent ?? 0) + (after.pending ?? 0) });
    });

    it('renews the lease before a POST when what is left would not outlast the longest POST, measured from before the claim was sent; gives the batch back when renewals cannot keep ahead', async () => {
      if (h.sim.api.received().length === 0) await h.cycle();
      const children = [...new Set(h.sim.api.received().map((r) => r.laChildId))].slice(0, 10);
      // The claim and each renewal take `claimMs` and `renewMs` by an injected clock (slow statements).
      const send = async (claimMs: number, renewMs: number): Promise<{ renewals: number; sent: number; pending: number }> => {
        await h.db.sql.exec(`UPDATE ssd_api_data_staging SET submission_status = 'pending' WHERE person_id IN ${h.db.sql.list(children)}`);
        let t = 0;
        let renewals = 0;
        const real = h.db.source.submissions;
        const submissions = {
          ...real,
          claimBatch: async (...args: Parameters<typeof real.claimBatch>) => ((t += claimMs), real.claimBatch(...args)),
          renewLease: async (...args: Parameters<typeof real.renewLease>) => ((renewals += 1), (t += renewMs), real.renewLease(...args)),
        };
        // A lease of 300 s and POSTs of up to 270 s: with the probe's 15 s and 5 s to spare, 10 s may pass before one must renew.
        const stats = await h.cycle({ source: { ...h.db.source, submissions }, submit: { batchSize: 10, concurrency: 1, longestPostMs: 270_000, now: () => t } });
        const pending = Number((await h.db.sql.query<{ n: number | string }>(`SELECT count(*) AS n FROM ssd_api_data_staging WHERE submission_status = 'pending' AND person_id IN ${h.db.sql.list(children)}`))[0]?.n);
        return { renewals, sent: stats.sent, pending };
      };
      expect(await send(0, 0), 'a quick claim').to.deep.equal({ renewals: 0, sent: 10, pending: 0 });
      expect(await send(11_000, 0), 'a claim that took 11 s: renewed before the POST').to.deep.equal({ renewals: 1, sent: 10, pending: 0 });
      expect(await send(11_000, 11_000), 'renewals as slow: three tried, then the batch goes back').to.deep.equal({ renewals: 3, sent: 0, pending: 10 });
      await h.cycle();
    });

    it('a batch whose lease ran out is claimed again, and its late answer cannot move the baseline back', async () => {
      const child = h.sim.api.received()[0]?.laChildId as string;
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: 'Leasetest' }]);
      await h.mark();
      const dead = randomUUID();
      const claimed = await h.db.source.submissions.claimBatch(dead, 10, 10, true, { maxAttempts: 3, started: await h.db.source.submissions.now(), leasedBy: 'a test worker' }); // a worker that then dies
      expect(claimed.map((c) => c.personId)).to.deep.equal([child]);
      await h.db.sql.query(`UPDATE ssd_api_data_staging SET lease_expires_at = ${h.db.sql.ago(1)} WHERE batch_id = $1`, [dead]);
      const stats = await h.cycle();
      expect(stats.sent).to.equal(1);
      const fresh = await h.staging(child);
      expect(fresh).to.include({ submission_status: 'sent', previous_hash: claimed[0]?.hash });
      await h.db.source.submissions.record({
        batchId: dead, attemptedAt: new Date(), durationMs: 1, attempt: 1, httpStatus: 200, outcome: 'sent', responseExcerpt: '',
        children: [{ personId: child, hash: 'stale', json: '{}', sent: null, fate: { kind: 'sent', receipt: 'late', receiptTimestamp: null } }],
      });
      expect(await h.staging(child)).to.include({ previous_hash: claimed[0]?.hash, api_response: fresh?.api_response });
    });

    it('a run that ended with its leases alive (killed mid-send): the next cycle takes them over at once and sends them, and names the run', async () => {
      const child = h.sim.api.received()[1]?.laChildId as string;
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: 'Takeover' }]);
      await h.mark();
      const dead = randomUUID();
      // Leased for 300 s by a run that is then killed: before this, the child waited out the lease.
      const claimed = await h.db.source.submissions.claimBatch(dead, 10, 300, true, { maxAttempts: 3, started: await h.db.source.submissions.now(), leasedBy: 'run deadbeef on host pid 1' });
      expect(claimed.map((c) => c.personId)).to.deep.equal([child]);
      const [lease, ...others] = await h.db.source.submissions.leases();
      expect([lease?.leasedBy, lease?.children, others]).to.deep.equal(['run deadbeef on host pid 1', 1, []]);
      expect(lease?.until).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const before = h.sim.api.receivedFor(child).length;
      const stats = await h.cycle();
      expect([stats.takenOver, stats.takenFrom, stats.sent]).to.deep.equal([1, ['run deadbeef on host pid 1'], 1]);
      expect(h.sim.api.receivedFor(child).length).to.equal(before + 1);
      // The dead run's offer may have reached the receiver: it was kept as unconfirmed until this answer.
      expect(await h.staging(child)).to.include({ submission_status: 'sent', batch_id: null, lease_expires_at: null, offered_json_payload: null });
      expect((h.sim.api.current(child) as { child_details: { surname: string } }).child_details.surname).to.equal('Takeover');
      expect(await h.db.source.submissions.leases()).to.deep.equal([]);
      // Its late answer, should the killed run's POST have got one recorded after all, moves nothing.
      await h.db.source.submissions.record({
        batchId: dead, attemptedAt: new Date(), durationMs: 1, attempt: 1, httpStatus: 200, outcome: 'sent', responseExcerpt: '',
        children: [{ personId: child, hash: 'stale', json: '{}', sent: null, fate: { kind: 'sent', receipt: 'late', receiptTimestamp: null } }],
      });
      expect(await h.staging(child)).to.not.include({ api_response: 'late' });
      // Only this document may be sent until the dead lease would have run out; end that now.
      await h.db.sql.query(`UPDATE ssd_api_data_staging SET fence_until = ${h.db.sql.ago(1)} WHERE person_id = $1`, [child]);
    });

    it("after a takeover, a newer document waits until the ended run's unanswered POST can no longer arrive (its lease's end), then goes whole", async () => {
      const child = h.sim.api.received()[2]?.laChildId as string;
      const surname = (): string => (h.sim.api.current(child) as { child_details: { surname: string } }).child_details.surname;
      const column = async (name: 'fence_until' | 'lease_expires_at'): Promise<number> =>
        new Date((await h.db.sql.query<Record<string, Date | string>>(`SELECT ${name} AS at FROM ssd_api_data_staging WHERE person_id = $1`, [child]))[0]?.at as Date).getTime();
      const endFence = () => h.db.sql.query(`UPDATE ssd_api_data_staging SET fence_until = ${h.db.sql.ago(1)} WHERE person_id = $1`, [child]);
      // A dead run's lease of a day (submit.leaseSeconds' most): its fence is still up in every cycle below, however slow.
      const deadClaim = async (run: string): Promise<number> => {
        const claimed = await h.db.source.submissions.claimBatch(randomUUID(), 1, 86_400, true, { maxAttempts: 3, started: await h.db.source.submissions.now(), leasedBy: run });
        expect(claimed.map((c) => c.personId)).to.deep.equal([child]);
        return column('lease_expires_at');
      };
      const rename = async (to: string): Promise<void> => {
        await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: to }]);
      };

      // 1. The ended run's document is still the child's: sent again at once; but the child then
      // changes while that run's POST could still be under way, and the newer document waits.
      await rename('Offered');
      await h.mark();
      const leaseEnd = await deadClaim('run 0ddba11 on host pid 2');
      const taken = await h.cycle();
      expect([taken.takenOver, taken.fenced, taken.sent, surname()]).to.deep.equal([1, 0, 1, 'Offered']);
      expect(await column('fence_until'), "fenced until the ended run's lease runs out").to.equal(leaseEnd);
      await rename('Newer');
      const held = await h.cycle();
      expect([held.sent, surname()], 'the ended run\'s older POST could still land after it').to.deep.equal([0, 'Offered']);
      const unsent = await h.db.source.submissions.unsent(3, true);
      expect([unsent.fenced, unsent.pending, typeof unsent.fencedUntil]).to.deep.equal([1, 1, 'string']);
      expect(held.waits.join('\n')).to.match(/^1 children changed after a run that ended sent an earlier document without an answer: sent by the first cycle after \S+Z, when that run's lease has run out and its POST can no longer arrive/m);
      await endFence();
      expect([(await h.cycle()).sent, surname()]).to.deep.equal([1, 'Newer']);

      // 2. The child changed before the takeover: taken over, but not sent until the fence ends.
      await rename('Offered again');
      await h.mark();
      await deadClaim('run 0ddba12 on host pid 3');
      await rename('Newest');
      const waited = await h.cycle();
      expect([waited.takenOver, waited.fenced, waited.sent, surname()]).to.deep.equal([1, 1, 0, 'Newer']);
      expect(await h.db.source.submissions.leases(), 'taken over: no lease left').to.deep.equal([]);
      await endFence();
      const sent = await h.cycle();
      expect([sent.sent, surname()]).to.deep.equal([1, 'Newest']);
      // Accepted after its fence passed: the fence is forgotten.
      expect(await h.staging(child)).to.include({ submission_status: 'sent', unconfirmed_json_payloads: null, fence_until: null, fence_hash: null });
    });

    it('an offer applied by the receiver but never answered (the worker died) is purged when the child changes back', async () => {
      const mark = () => h.mark();
      const child = h.sim.api.heldIds().find((id) => ((h.sim.api.current(id) as { social_care_episodes?: unknown[] }).social_care_episodes?.length ?? 0) > 0) as string;
      const [episode] = await h.rowsWhere('ssd_cin_episodes', 'cine_person_id', child);
      const added = { ...episode, cine_referral_id: `RUNSEEN${child}`, cine_referral_date: '2026-05-01', cine_close_date: null };
      await ssdWriterOf(h.db.source).insertRows('ssd_cin_episodes', [added]);
      await mark();
      // A worker claims the child, its POST reaches the receiver and is applied, then it dies
      // before recording the answer; its lease runs out.
      const dead = randomUUID();
      const [claimed] = await h.db.source.submissions.claimBatch(dead, 1, 10, true, { maxAttempts: 3, started: await h.db.source.submissions.now(), leasedBy: 'a test worker' });
      expect(claimed?.personId).to.equal(child);
      await h.sim.poster.postBatch([deltaBody(claimed?.previousJson ?? null, claimed?.json as string, 'partial', claimed?.unconfirmedJson ?? null)]);
      const episodeIds = (): string[] => ((h.sim.api.current(child) as { social_care_episodes?: Array<{ social_care_episode_id: string }> }).social_care_episodes ?? []).map((e) => e.social_care_episode_id);
      expect(episodeIds()).to.include(added.cine_referral_id);
      await h.db.sql.query(`UPDATE ssd_api_data_staging SET lease_expires_at = ${h.db.sql.ago(1)} WHERE batch_id = $1`, [dead]);
      // The episode goes again: the document is the one the API accepted last, but the receiver
      // may hold the unanswered one, so the child is sent whole with a purge for the episode.
      await ssdWriterOf(h.db.source).deleteRows('ssd_cin_episodes', ['cine_referral_id'], [{ cine_referral_id: added.cine_referral_id }]);
      const stats = await h.cycle({ payload: { mode: 'partial', purgeDeleted: true } });
      expect([stats.updated, stats.sent]).to.deep.equal([1, 1]);
      expect(episodeIds()).to.not.include(added.cine_referral_id);
      expect(await h.staging(child)).to.include({ submission_status: 'sent', offered_json_payload: null, unconfirmed_json_payloads: null });
    });

    it('an answer that refuses a batch the receiver applied all the same (2xx without receipts) keeps its document as unconfirmed', async () => {
      const mark = () => h.mark();
      const child = h.sim.api.heldIds().find((id) => ((h.sim.api.current(id) as { social_care_episodes?: unknown[] }).social_care_episodes?.length ?? 0) > 0 && id !== h.sim.api.heldIds()[0]) as string;
      const [episode] = await h.rowsWhere('ssd_cin_episodes', 'cine_person_id', child);
      const added = { ...episode, cine_referral_id: `RBADRECEIPT${child}`, cine_referral_date: '2026-05-02', cine_close_date: null };
      await ssdWriterOf(h.db.source).insertRows('ssd_cin_episodes', [added]);
      // The receiver stores the batch, then answers 200 with a body that is not a receipt list.
      const garbled: BatchPoster = {
        async postBatch(payloads) {
          const outcome = await h.sim.poster.postBatch(payloads);
          return { ...outcome, result: { kind: 'error', reason: 'receipt list missing or wrong length', detail: 'HTTP 200: expected receipts' } };
        },
      };
      const first = await h.cycle({ poster: garbled, payload: { mode: 'partial', purgeDeleted: true } });
      expect([first.sent, first.errors]).to.deep.equal([0, 1]);
      const episodeIds = (): string[] => ((h.sim.api.current(child) as { social_care_episodes?: Array<{ social_care_episode_id: string }> }).social_care_episodes ?? []).map((e) => e.social_care_episode_id);
      expect(episodeIds()).to.include(added.cine_referral_id);
      await ssdWriterOf(h.db.source).deleteRows('ssd_cin_episodes', ['cine_referral_id'], [{ cine_referral_id: added.cine_referral_id }]);
      await mark();
      await h.cycle({ payload: { mode: 'partial', purgeDeleted: true } });
      expect(episodeIds()).to.not.include(added.cine_referral_id);
    });

    it('a child re-marked while its batch is in flight waits for that answer: never two POSTs of it at once, and the newer document ends up held', async () => {
      const mark = () => h.mark();
      const child = h.sim.api.heldIds()[3] as string;
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: 'Inflight' }]);
      await mark();
      const inFlight = randomUUID();
      const [claimed] = await h.db.source.submissions.claimBatch(inFlight, 1, 300, true, { maxAttempts: 3, started: await h.db.source.submissions.now(), leasedBy: 'a test worker' });
      expect(claimed?.personId).to.equal(child);
      // The batch is a live run's: one that took the run lock after the cycle below (its lease is
      // newer than that cycle's lock), which that cycle must not take over.
      await h.db.sql.query(`UPDATE ssd_api_data_staging SET leased_at = ${h.db.sql.ago(-3600)} WHERE batch_id = $1`, [inFlight]);
      // Re-marked with a newer document while the first is still in flight (lease alive).
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: 'Newer' }]);
      await mark();
      const before = h.sim.api.receivedFor(child).length;
      await h.cycle();
      expect(h.sim.api.receivedFor(child).length, 'not sent beside the batch in flight').to.equal(before);
      // The first batch's answer arrives and is recorded; then the newer document goes.
      const outcome = await h.sim.poster.postBatch([deltaBody(claimed?.previousJson ?? null, claimed?.json as string, 'full', null)]);
      const receipt = outcome.result.kind === 'sent' ? outcome.result.receipts[0] : undefined;
      await h.db.source.submissions.record({
        batchId: inFlight, attemptedAt: new Date(), durationMs: 1, attempt: 1, httpStatus: 200, outcome: 'sent', responseExcerpt: '',
        children: [{ personId: child, hash: claimed?.hash as string, json: claimed?.json as string, sent: null, fate: { kind: 'sent', receipt: receipt?.receipt ?? null, receiptTimestamp: null } }],
      });
      expect((await h.cycle()).sent).to.equal(1);
      expect((h.sim.api.current(child) as { child_details: { surname: string } }).child_details.surname).to.equal('Newer');
    });
  });
}

for (const target of serverTargets()) {
  describe(`never two cycles at once across processes: the run lock is held for the whole cycle (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    before(async () => {
      h = await openHarness(await target.open(), 60);
    });
    after(async () => h?.close());

    it('a cycle while another process runs one does nothing, not even send; the lock is held while sending, and free after', async () => {
      const twin = await h.db.openTwin!();
      try {
        // Children marked and pending; another process's cycle holds the lock: this one neither marks nor sends.
        expect((await h.mark()).new).to.be.greaterThan(40);
        const held = await twin.lock.whileHeld(() => h.cycle());
        expect(held.ran).to.equal(true);
        const skipped = (held as { value: Awaited<ReturnType<typeof h.cycle>> }).value;
        expect([skipped.lockedOut, skipped.touched, skipped.batches, skipped.sent]).to.deep.equal([true, 0, 0, 0]);
        expect(h.sim.api.received()).to.have.length(0);
        // While this cycle sends (its first POST waits here), another process cannot take the lock.
        let release: () => void = () => {};
        const gate = new Promise<void>((resolve) => (release = resolve));
        let posting: () => void = () => {};
        const posted = new Promise<void>((resolve) => (posting = resolve));
        const poster: BatchPoster = {
          async postBatch(payloads) {
            posting();
            await gate;
            return h.sim.poster.postBatch(payloads);
          },
        };
        const cycle = h.cycle({ poster, submit: { concurrency: 1 } });
        await posted;
        expect((await twin.lock.whileHeld(async () => 'ran')).ran, 'the lock, while the cycle sends').to.equal(false);
        release();
        const stats = await cycle;
        expect(stats.lockedOut).to.equal(false);
        expect(stats.sent).to.be.greaterThan(40).and.equal(h.sim.api.received().length);
        expect((await twin.lock.whileHeld(async () => 'ran')).ran, 'free once the cycle ended').to.equal(true);
      } finally {
        await twin.close();
      }
    });

    it('a cycle whose lock session ends while it sends stops claiming and says so; the lock is free for the next cycle, which sends the rest', async function () {
      const end = h.db.sql.endRunLockSession;
      if (!end) this.skip(); // SQL Server: see TestSql.endRunLockSession
      await h.db.sql.exec("UPDATE ssd_api_data_staging SET submission_status = 'pending' WHERE submission_status = 'sent'");
      const before = h.sim.api.received().length;
      let ended = false;
      const poster: BatchPoster = {
        async postBatch(payloads) {
          // The first POST: a DBA kills the session holding the run lock.
          if (!ended) {
            ended = true;
            await h.db.sql.exec(end as string);
          }
          return h.sim.poster.postBatch(payloads);
        },
      };
      const error = await h.cycle({ poster, submit: { concurrency: 1, batchSize: 10 } }).then(
        () => undefined,
        (e: unknown) => e as { code?: string; message: string },
      );
      expect(error?.code, String(error?.message)).to.equal('RUN_LOCK_LOST');
      expect(error?.message).to.match(/the run lock was lost while it sent .*stopped claiming/);
      // The batch in flight was answered and recorded; no other was claimed.
      expect(h.sim.api.received().length - before, 'children received: one batch').to.equal(10);
      const counts = await h.db.sql.query<{ submission_status: string; n: number | string }>('SELECT submission_status, count(*) AS n FROM ssd_api_data_staging GROUP BY submission_status');
      const count = (status: string): number => Number(counts.find((c) => c.submission_status === status)?.n ?? 0);
      expect([count('sent'), count('sending')]).to.deep.equal([10, 0]);
      expect(count('pending')).to.be.greaterThan(30);
      const next = await h.cycle();
      expect([next.lockedOut, next.sent]).to.deep.equal([false, count('pending')]);
    });

    it('a run whose lock session ends sends no further POST, not even a retry, and gives the rest of its batch back unconfirmed', async function () {
      const end = h.db.sql.endRunLockSession;
      if (!end) this.skip(); // SQL Server: see TestSql.endRunLockSession
      await h.db.sql.exec("UPDATE ssd_api_data_staging SET submission_status = 'pending' WHERE submission_status = 'sent'");
      let posts = 0;
      // The first POST is not taken (503: sent again after a wait), and meanwhile a DBA kills the lock's session.
      const poster: BatchPoster = {
        async postBatch() {
          posts += 1;
          if (posts === 1) await h.db.sql.exec(end as string);
          return { status: 503, durationMs: 1, attempt: 1, retryAfter: null, responseExcerpt: '', result: { kind: 'error', reason: 'HTTP 503 server error', detail: '' } };
        },
      };
      const error = await h.cycle({ poster, submit: { concurrency: 1, batchSize: 10, policy: { ...DEFAULT_SUBMIT_POLICY, retries: 3 } } }).then(
        () => undefined,
        (e: unknown) => e as { code?: string },
      );
      expect(error?.code).to.equal('RUN_LOCK_LOST');
      expect(posts, 'the retry is not sent: another run may hold the lock and the children now').to.equal(1);
      const rows = await h.db.sql.query<{ submission_status: string; unconfirmed: string | null }>('SELECT submission_status, unconfirmed_json_payloads AS unconfirmed FROM ssd_api_data_staging WHERE unconfirmed_json_payloads IS NOT NULL');
      expect(rows.map((r) => r.submission_status), 'the batch given back, its offer unconfirmed (the 503 may have been applied)').to.deep.equal(Array(10).fill('pending'));
      expect((await h.cycle()).sent).to.be.greaterThan(10);
    });
  });
}