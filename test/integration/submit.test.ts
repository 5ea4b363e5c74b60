import { expect } from 'chai';
import { jsonAnswer, textAnswer, type FaultPolicy, type SimulatedRequest } from '../../src/simulate/simulated-api-types.js';
import { ApiClient } from '../../src/submit/api-client.js';
import type { RecordedAnswer } from '../../src/submit/answer-observer.js';
import type { BatchPoster } from '../../src/submit/batch-poster.js';
import { DEFAULT_SUBMIT_POLICY, type SubmitPolicy } from '../../src/submit/submit-policy.js';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

interface AttemptRow {
  batch_id: string;
  http_status: number | null;
  outcome: string;
  child_count: number;
  person_ids: string[];
  receipts: Record<string, string> | null;
  response_excerpt: string;
}

interface StagingRow {
  person_id: string;
  submission_status: string;
  api_response: string | null;
  attempt_count: number;
}

/** The children (la_child_id) of a children POST. */
const idsOf = (request: SimulatedRequest): string[] =>
  request.route === 'children' ? (JSON.parse(request.body.toString('utf8')) as Array<{ la_child_id: string }>).map((d) => d.la_child_id) : [];

for (const target of portTargets()) {
  describe(`submission: every answer class (${target.name})`, function () {
    this.timeout(300_000);
    let h: CycleHarness<PortDatabase>;
    let round = 0;
    before(async () => {
      h = await openHarness(await target.open(), 150);
      await h.cycle();
    });
    after(async () => h?.close());
    afterEach(async () => {
      h.sim.api.setFaultPolicy(undefined);
      // Each test starts with no child in error: later runs retry them (below maxAttempts), which
      // would mix one test's failures into the next one's counts.
      await h.db.sql.exec("UPDATE ssd_api_data_staging SET submission_status = 'sent', attempt_count = 0 WHERE submission_status = 'error'");
    });

    /** Makes `n` children the API holds pending again (a new surname each), and returns them. */
    async function pending(n: number): Promise<string[]> {
      round += 1;
      const ids = h.sim.api.heldIds().slice(0, n);
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], ids.map((id) => ({ pers_person_id: id, pers_surname: `Round${round}` })));
      return ids;
    }
    const attemptsSince = async (id: number): Promise<AttemptRow[]> =>
      (await h.db.sql.query<AttemptRow>('SELECT * FROM ssd_delta_api_attempt WHERE id > $1 ORDER BY id', [id])).map((a) => ({
        ...a, person_ids: h.db.sql.json<string[]>(a.person_ids), receipts: a.receipts === null ? null : h.db.sql.json<Record<string, string>>(a.receipts),
      }));
    const lastAttemptId = async (): Promise<number> => Number((await h.db.sql.query<{ n: string | number | null }>('SELECT max(id) AS n FROM ssd_delta_api_attempt'))[0]?.n ?? 0);
    const rows = async (ids: readonly string[]): Promise<StagingRow[]> =>
      h.db.sql.query<StagingRow>(`SELECT person_id, submission_status, api_response, attempt_count FROM ssd_api_data_staging WHERE person_id IN ${h.db.sql.list(ids)} ORDER BY person_id`);
    // Two workers unless a test says otherwise. They claim side by side (SKIP LOCKED) and may split
    // fewer pending children than two batches hold between them: a test that asserts what one
    // batch was sent asks for one worker.
    const send = (policy: Partial<SubmitPolicy> = {}, batchSize = 10, concurrency = 2) => h.cycle({ submit: { batchSize, concurrency, policy: { ...DEFAULT_SUBMIT_POLICY, ...policy } } });
    /** A fault policy answering `reply` to the first `times` children POSTs. */
    const firstPosts = (times: number, reply: ReturnType<FaultPolicy>): FaultPolicy => {
      let seen = 0;
      return (request) => (request.route === 'children' && (seen += 1) <= times ? reply : undefined);
    };

    it('2xx with one receipt per child: sent, receipts stored, one attempt-log row per POST', async () => {
      const ids = await pending(25);
      const since = await lastAttemptId();
      const stats = await send();
      expect([stats.sent, stats.errors, stats.released]).to.deep.equal([25, 0, 0]);
      const attempts = await attemptsSince(since);
      expect(attempts.map((a) => [a.outcome, a.http_status])).to.deep.equal([['sent', 200], ['sent', 200], ['sent', 200]]);
      expect(attempts.map((a) => a.child_count).sort()).to.deep.equal([10, 10, 5]);
      for (const a of attempts) expect(Object.keys(a.receipts ?? {}).sort()).to.deep.equal([...a.person_ids].sort());
      const received = h.sim.api.received().at(-1);
      const [row] = await h.db.sql.query<{ api_response: string }>('SELECT api_response FROM ssd_api_data_staging WHERE person_id = $1', [received?.laChildId ?? null]);
      expect(row?.api_response).to.equal(received?.receipt);
      expect((await rows(ids)).every((r) => r.submission_status === 'sent')).to.equal(true);
    });

    it('5xx, then success: sent again after a jittered backoff within the base, both POSTs logged', async () => {
      await pending(5);
      h.sleeps.length = 0;
      h.sim.api.setFaultPolicy(firstPosts(1, textAnswer(503, 'busy')));
      const since = await lastAttemptId();
      const stats = await send({ baseMs: 1000 }, 10, 1);
      expect([stats.sent, stats.errors]).to.deep.equal([5, 0]);
      expect((await attemptsSince(since)).map((a) => [a.outcome, a.http_status])).to.deep.equal([['retry', 503], ['sent', 200]]);
      expect(h.sleeps).to.have.length(1);
      expect(h.sleeps[0]).to.be.within(0, 1000);
    });

    it('429 with Retry-After (seconds) is honoured; 403 backs off up to its longer cap', async () => {
      await pending(5);
      h.sleeps.length = 0;
      h.sim.api.setFaultPolicy(firstPosts(1, { kind: 'answer', status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }));
      expect((await send({ baseMs: 10 })).sent).to.equal(5);
      expect(h.sleeps).to.deep.equal([7000]);
      await pending(5);
      h.sleeps.length = 0;
      h.sim.api.setFaultPolicy(firstPosts(1, textAnswer(403, 'Forbidden Access')));
      // A huge base makes the ceiling the cap: 403 may wait past backoffCapMs, up to forbiddenCapMs.
      expect((await h.cycle({ submit: { batchSize: 10, concurrency: 1, random: () => 0.999, policy: { ...DEFAULT_SUBMIT_POLICY, baseMs: 600_000 } } })).sent).to.equal(5);
      expect(h.sleeps[0]).to.be.greaterThan(DEFAULT_SUBMIT_POLICY.capMs).and.at.most(DEFAULT_SUBMIT_POLICY.forbiddenCapMs);
    });

    it('a Retry-After longer than the cap gives the batch up for this run: pending, not counted, and no other worker takes it', async () => {
      const ids = await pending(3);
      // Every POST of this run is told to come back in an hour: however the two workers split the
      // three children, each batch is given up once and none is claimed again in this run.
      const posted: string[] = [];
      h.sim.api.setFaultPolicy((request) => {
        posted.push(...idsOf(request));
        return request.route === 'children' ? { kind: 'answer', status: 429, headers: { 'retry-after': '3600' }, body: '' } : undefined;
      });
      const stats = await send();
      expect([stats.sent, stats.errors, stats.released]).to.deep.equal([0, 0, 3]);
      expect(posted.sort(), 'each child offered once').to.deep.equal([...ids].sort());
      h.sim.api.setFaultPolicy(undefined);
      expect((await rows(ids)).map((r) => [r.submission_status, r.attempt_count])).to.deep.equal(ids.map(() => ['pending', 0]));
      expect((await send()).sent).to.equal(3);
    });

    it('timeouts, resets and 5xx past the retries: pending again, not counted; the breaker stops the run and says why', async () => {
      const ids = await pending(40);
      h.sim.api.setFaultPolicy((request) => (request.route === 'children' ? (request.requestNumber % 2 === 0 ? { kind: 'reset' } : textAnswer(500, 'down for child 12345')) : undefined));
      const before = h.sim.api.requestCount;
      const stats = await h.cycle({ submit: { batchSize: 10, concurrency: 1, policy: { ...DEFAULT_SUBMIT_POLICY, retries: 2, breakerThreshold: 2 } } });
      expect([stats.sent, stats.errors, stats.released]).to.deep.equal([0, 0, 20]);
      // In ssd-delta's words only: alerts and the status page show it, and an API's body may name a child.
      expect(stats.stopped).to.match(/^2 batches in a row were not taken by the API \(last: (HTTP 500 server error|no answer: \w+)\)$/);
      // Two batches, three POSTs each; the other two batches were never claimed.
      expect(h.sim.api.requestCount - before).to.equal(6);
      const states = await rows(ids);
      expect(states.every((r) => r.submission_status === 'pending' && r.attempt_count === 0)).to.equal(true);
      expect(states.filter((r) => r.api_response !== null && /^(no answer: |HTTP 500)/.test(r.api_response)).length).to.equal(20);
      h.sim.api.setFaultPolicy(undefined);
      expect((await send()).sent).to.equal(40);
    });

    it('a POST that gets no answer in api.timeoutMs is sent again, and the hung one does not count', async () => {
      await pending(5);
      const quick = new ApiClient({
        baseUrl: h.sim.api.url, tokenEndpoint: h.sim.api.tokenEndpoint, laCode: h.sim.api.laCode, clientId: 'ssd-delta-demo', clientSecret: 'demo-secret',
        supplierKey: 'demo-supplier-key', scope: 'demo', timeoutMs: 300, userAgent: 'ssd-delta/test',
      });
      h.sim.api.setFaultPolicy(firstPosts(1, { kind: 'hang' }));
      const since = await lastAttemptId();
      const stats = await h.cycle({ poster: quick, submit: { batchSize: 10, concurrency: 1, policy: DEFAULT_SUBMIT_POLICY } });
      expect([stats.sent, stats.errors, stats.released]).to.deep.equal([5, 0, 0]);
      expect((await attemptsSince(since)).map((a) => [a.outcome, a.http_status])).to.deep.equal([['retry', null], ['sent', 200]]);
    });

    it('a 400 naming items [n]: those children become error with their detail, the rest are resent and sent', async () => {
      const ids = await pending(10);
      const bad = new Set([ids[2], ids[7]]);
      h.sim.api.setFaultPolicy((request) => {
        const sent = idsOf(request);
        const named = sent.flatMap((id, i) => (bad.has(id) ? [`[${i}] child_details.sex: must be equal to one of the allowed values`] : []));
        return named.length > 0 ? textAnswer(400, `Payload was malformed:\n${named.join('\n')}`) : undefined;
      });
      const since = await lastAttemptId();
      const stats = await send({}, 10, 1);
      expect([stats.sent, stats.errors]).to.deep.equal([8, 2]);
      expect((await attemptsSince(since)).map((a) => [a.outcome, a.child_count])).to.deep.equal([['refused', 10], ['sent', 8]]);
      const failed = (await rows(ids)).filter((r) => r.submission_status === 'error');
      expect(failed.map((r) => r.person_id)).to.deep.equal([...bad].sort());
      for (const r of failed) expect(r.api_response).to.match(/^HTTP 400 payload malformed - \[\d\] child_details\.sex: must be equal/);
    });

    it('what serve watches: every recorded answer told to the observer, errors grouped by ssd-delta\'s reason, answers per hour, the longest wait', async () => {
      const ids = await pending(6);
      await h.mark();
      expect(await h.db.source.staging.pendingAge(), 'children wait to be sent').to.be.a('number').and.be.at.least(0);
      const waiting = (await h.db.source.staging.attentionChildren(1000)).filter((c) => c.status === 'pending');
      expect(waiting.map((c) => c.personId)).to.include.members(ids);
      for (const c of waiting) expect(c.since).to.be.instanceOf(Date);
      const bad = new Set([ids[1], ids[4]]);
      h.sim.api.setFaultPolicy((request) => {
        const named = idsOf(request).flatMap((id, i) => (bad.has(id) ? [`[${i}] child_details.sex: must be one of the allowed values`] : []));
        return named.length > 0 ? textAnswer(400, `Payload was malformed:\n${named.join('\n')}`) : undefined;
      });
      const since = await lastAttemptId();
      const told: RecordedAnswer[] = [];
      const stats = await h.cycle({ submit: { batchSize: 10, concurrency: 1, policy: DEFAULT_SUBMIT_POLICY, onAnswer: (a) => told.push(a) } });
      expect([stats.sent, stats.errors]).to.deep.equal([4, 2]);
      expect(told.map(({ outcome, status, children }) => ({ outcome, status, children }))).to.deep.equal((await attemptsSince(since)).map((a) => ({ outcome: a.outcome, status: a.http_status, children: a.child_count })));
      // What became of each child, answer by answer: the 400 refused the two it named and kept the rest, which the next POST sent.
      expect(told.map((a) => a.fates)).to.deep.equal([{ sent: 0, refused: 2, notTaken: 0 }, { sent: 4, refused: 0, notTaken: 0 }]);
      // Marked by an earlier marking, not by this cycle's read: no change dates their wait, so none is counted.
      expect(told.map((a) => a.acceptedWaits.length)).to.deep.equal([0, 0]);
      expect(await h.db.source.staging.pendingAge(), 'none waits').to.equal(null);
      // Only ssd-delta's own words: the API's detail (which may quote a value) is left out.
      expect(await h.db.source.staging.errorReasons(5)).to.deep.equal([{ reason: 'HTTP 400 payload malformed', count: 2 }]);
      // With serve.token the page names them: refused first, in ssd-delta's words, then the invalid, then none waiting.
      const attention = await h.db.source.staging.attentionChildren(1000);
      expect(attention.slice(0, 2).map((c) => [c.personId, c.status, c.reason]).sort()).to.deep.equal([...bad].sort().map((id) => [id, 'error', 'HTTP 400 payload malformed']));
      expect(attention.slice(2).map((c) => c.status)).to.satisfy((statuses: string[]) => statuses.every((x) => x === 'invalid'));
      expect(await h.db.source.staging.attentionChildren(1)).to.have.length(1);
      const hours = await h.db.source.submissions.answersByHour(24);
      for (const hour of hours) expect(hour.hour).to.match(/^\d{4}-\d\d-\d\dT\d\d$/);
      const [log] = await h.db.sql.query<{ accepted: number | string; failed: number | string }>(
        "SELECT sum(CASE WHEN outcome = 'sent' THEN child_count ELSE 0 END) AS accepted, sum(CASE WHEN outcome <> 'sent' THEN 1 ELSE 0 END) AS failed FROM ssd_delta_api_attempt",
      );
      expect([hours.reduce((n, x) => n + x.accepted, 0), hours.reduce((n, x) => n + x.failedPosts, 0)]).to.deep.equal([Number(log?.accepted), Number(log?.failed)]);
      // How old ssd-delta's position in the change history is: fresh after a marking cycle, growing while none marks.
      expect(await h.db.source.capture.watermarkAge(STREAMS.map((s) => s.stream))).to.be.a('number').and.be.below(600);
      await h.db.sql.exec(`UPDATE ssd_delta_watermark SET updated_at = ${h.db.sql.ago(2 * 86_400)}`);
      expect(await h.db.source.capture.watermarkAge(STREAMS.map((s) => s.stream))).to.be.at.least(2 * 86_400);
      await h.cycle();
      expect(await h.db.source.capture.watermarkAge(STREAMS.map((s) => s.stream))).to.be.below(600);
      // A stream no longer configured keeps its row, and its age does not count.
      await h.db.sql.exec(`UPDATE ssd_delta_watermark SET updated_at = ${h.db.sql.ago(9 * 86_400)} WHERE stream = 'ssd_person'`);
      expect(await h.db.source.capture.watermarkAge(STREAMS.map((s) => s.stream).filter((s) => s !== 'ssd_person'))).to.be.below(600);
    });

    it('commit-to-receipt counts from the change: children whose changes were made two minutes before the cycle read them are accepted having waited that long', async () => {
      await pending(3);
      // The database's clock before and after: the waits must lie between what they bound.
      const dbNow = async (): Promise<number> => {
        const now = (await h.db.sql.query<{ now: unknown }>(`SELECT ${h.db.sql.ago(0)} AS now`))[0]?.now;
        return now instanceof Date ? now.getTime() : Date.parse(String(now));
      };
      const before = await dbNow();
      await h.db.sql.exec(h.db.sql.backdateChanges(120));
      const told: RecordedAnswer[] = [];
      const stats = await h.cycle({ submit: { batchSize: 10, concurrency: 1, policy: DEFAULT_SUBMIT_POLICY, onAnswer: (a) => told.push(a) } });
      const after = await dbNow();
      expect(stats.sent).to.equal(3);
      expect(stats.oldestChangeAt?.getTime()).to.be.within(before - 120_000 - 1, after - 120_000);
      const waits = told.flatMap((a) => a.acceptedWaits);
      expect(waits).to.have.length(3);
      // From the backdated change to an acceptance inside the cycle: at least the two minutes, at
      // most those and the cycle (not the days a stamp from some other moment would give).
      for (const w of waits) expect(w).to.be.within(120 - 0.001, 120 + (after - before) / 1000 + 0.001);
      // A child put back by `resend` in a cycle that read a change (another child's) is not
      // counted: nothing was committed for it.
      const [again, other] = await pending(2);
      await h.cycle();
      await h.db.sql.exec(`UPDATE ssd_api_data_staging SET submission_status = 'error', attempt_count = 3 WHERE person_id = '${again}'`);
      expect(await h.db.source.submissions.resend([again as string], false)).to.deep.equal([again]);
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: other as string, pers_surname: 'Changed again' }]);
      const resent: RecordedAnswer[] = [];
      expect((await h.cycle({ submit: { batchSize: 10, concurrency: 1, policy: DEFAULT_SUBMIT_POLICY, onAnswer: (a) => resent.push(a) } })).sent).to.equal(2);
      // One wait: the changed child's; the resent one's is not there.
      expect(resent.flatMap((a) => a.acceptedWaits)).to.have.length(1);
      expect(await h.db.source.staging.pendingAge(), 'none waits').to.equal(null);
    });

    it('how long a child has waited grows across an outage (claims and releases do not reset it), and ends when it is accepted', async () => {
      const ids = await pending(4);
      h.sim.api.setFaultPolicy((request) => (request.route === 'children' ? textAnswer(503, 'busy') : undefined));
      const policy = { ...DEFAULT_SUBMIT_POLICY, retries: 0 };
      expect((await h.cycle({ submit: { policy } })).released).to.equal(4);
      // As if the outage had begun two hours ago: the next refused cycle claims and releases them again.
      await h.db.sql.exec(`UPDATE ssd_api_data_staging SET waiting_since = ${h.db.sql.ago(7200)} WHERE waiting_since IS NOT NULL`);
      expect((await h.cycle({ submit: { policy } })).released).to.equal(4);
      expect(await h.db.source.staging.pendingAge()).to.be.at.least(7200);
      h.sim.api.setFaultPolicy(undefined);
      expect((await h.cycle()).sent).to.equal(4);
      expect(await h.db.source.staging.pendingAge()).to.equal(null);
      const [stamped] = await h.db.sql.query<{ n: number | string }>(`SELECT count(*) AS n FROM ssd_api_data_staging WHERE waiting_since IS NOT NULL AND person_id IN ${h.db.sql.list(ids)}`);
      expect(Number(stamped?.n)).to.equal(0);
    });

    it('a 400 naming nothing: bisected to the bad child within log2(batch) extra requests; the others are sent', async () => {
      const ids = await pending(16);
      const bad = ids[11] as string;
      h.sim.api.setFaultPolicy((request) => (idsOf(request).includes(bad) ? textAnswer(400, 'Payload was malformed') : undefined));
      const before = h.sim.api.requestCount;
      // One worker: with two, the second may claim part of the 16 first, and the bound below is for one batch of 16.
      const stats = await send({}, 16, 1);
      expect([stats.sent, stats.errors]).to.deep.equal([15, 1]);
      // One POST, then one extra per halving: 16 -> 8 -> 4 -> 2 -> 1 (4 = log2(16) splits, 9 POSTs).
      expect(h.sim.api.requestCount - before).to.be.at.most(1 + 2 * Math.log2(16));
      expect((await rows([bad]))[0]).to.include({ submission_status: 'error', attempt_count: 1 });
    });

    it('a 413: halves are resent; a child too large alone becomes error', async () => {
      const ids = await pending(12);
      const huge = ids[5] as string;
      h.sim.api.setFaultPolicy((request) => {
        const sent = idsOf(request);
        return sent.length > 4 || sent.includes(huge) ? textAnswer(413, 'Too many records') : undefined;
      });
      const stats = await send({}, 12);
      expect([stats.sent, stats.errors]).to.deep.equal([11, 1]);
      expect((await rows([huge]))[0]).to.include({ submission_status: 'error' });
      expect((await rows([huge]))[0]?.api_response).to.match(/^HTTP 413 too many records/);
    });

    it('204, another 4xx, and a 2xx without a proper receipt list: the batch becomes error, never sent', async () => {
      for (const reply of [textAnswer(204, ''), textAnswer(409, 'conflict'), jsonAnswer(200, ['only-one'])]) {
        const ids = await pending(3);
        h.sim.api.setFaultPolicy(firstPosts(1, reply));
        // One worker: two would each claim part of the three (SKIP LOCKED), and the answer meant for
        // three children could meet a batch of one, for which one receipt is right.
        const stats = await send({}, 10, 1);
        expect([stats.sent, stats.errors], JSON.stringify(reply)).to.deep.equal([0, 3]);
        expect((await rows(ids)).map((r) => r.submission_status)).to.deep.equal(['error', 'error', 'error']);
        h.sim.api.setFaultPolicy(undefined);
        // A later run tries them again (they failed fewer than submit.maxAttempts times).
        expect((await send()).sent).to.equal(3);
      }
    });

    it('a child refused submit.maxAttempts times across runs stays error and is not sent again automatically', async () => {
      const [child] = await pending(1);
      h.sim.api.setFaultPolicy((request) => (idsOf(request).includes(child as string) ? textAnswer(400, '[0] bad') : undefined));
      for (let run = 1; run <= 3; run += 1) {
        const stats = await send({ maxAttempts: 3 });
        expect(stats.errors, `run ${run}`).to.equal(1);
        // Never twice in one run: the refused child waits for the next run.
        expect((await rows([child as string]))[0]?.attempt_count).to.equal(run);
      }
      const before = h.sim.api.requestCount;
      const fourth = await send({ maxAttempts: 3 });
      expect([fourth.errors, h.sim.api.requestCount - before]).to.deep.equal([0, 0]);
      expect((await rows([child as string]))[0]).to.include({ submission_status: 'error', attempt_count: 3 });
      // A new document starts afresh: it is sent, and refused once so far.
      round += 1;
      await ssdWriterOf(h.db.source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child as string, pers_surname: `Round${round}` }]);
      const renewed = await send({ maxAttempts: 3 });
      expect(renewed.errors).to.equal(1);
      expect((await rows([child as string]))[0]).to.include({ submission_status: 'error', attempt_count: 1 });
    });

    it('a service told to stop claims no new batch: the one in flight is answered and recorded, the rest stay pending for the next run', async () => {
      const ids = await pending(20);
      let posts = 0;
      const poster: BatchPoster = { postBatch: (payloads) => ((posts += 1), h.sim.poster.postBatch(payloads)) };
      const stats = await h.cycle({ poster, submit: { batchSize: 5, concurrency: 1, stopClaiming: () => posts >= 1 } });
      expect([stats.sent, stats.errors, stats.released, posts]).to.deep.equal([5, 0, 0, 1]);
      const states = await rows(ids);
      expect(states.filter((r) => r.submission_status === 'sent')).to.have.length(5);
      expect(states.filter((r) => r.submission_status === 'pending'), 'never claimed, so never leased').to.have.length(15);
      expect((await send()).sent).to.equal(15);
    });

    it('submit.minGapMs spaces the starts of POSTs across workers', async () => {
      await pending(40);
      const since = h.sim.api.requests().length;
      // A clock that stands still: every start is booked one gap after the one before, whichever
      // worker asks, so the waits are known exactly (no real time is measured or waited). The
      // order of waits and POSTs shows each POST starts only once its wait is over.
      const events: Array<number | 'post'> = [];
      const poster: BatchPoster = { postBatch: (payloads) => (events.push('post'), h.sim.poster.postBatch(payloads)) };
      // The wait ends on a later turn of the event loop: a POST that did not await it would come first.
      const sleep = (ms: number): Promise<void> => new Promise((resolve) => setImmediate(() => resolve(void events.push(ms))));
      const stats = await h.cycle({ poster, submit: { batchSize: 5, concurrency: 4, now: () => 1_000_000, sleep, policy: { ...DEFAULT_SUBMIT_POLICY, minGapMs: 60 } } });
      expect(stats.sent).to.equal(40);
      expect(h.sim.api.requests().slice(since).filter((r) => r.route === 'children')).to.have.length(8);
      expect(events.filter((e): e is number => e !== 'post').sort((a, b) => a - b)).to.deep.equal([60, 120, 180, 240, 300, 360, 420]);
      // The k-th POST (from 0) comes after at least k waits: the first needs none, each later one its own.
      events.forEach((e, i) => {
        if (e === 'post') expect(events.slice(0, i).filter((x) => x !== 'post').length, `POST ${events.slice(0, i).filter((x) => x === 'post').length}`).to.be.at.least(events.slice(0, i).filter((x) => x === 'post').length);
      });
    });
  });
}
