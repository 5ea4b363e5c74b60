import { expect } from 'chai';
import { answerAction, namedItems } from '../../src/submit/answer-action.js';
import type { PostOutcome } from '../../src/submit/api-client.js';
import { backoffMs, retryAfterMs } from '../../src/submit/backoff.js';
import { CircuitBreaker } from '../../src/submit/circuit-breaker.js';
import { createPostGap } from '../../src/submit/post-gap.js';
import { DEFAULT_SUBMIT_POLICY } from '../../src/submit/submit-policy.js';

const outcome = (status: number | null, detail = '', sent = false): PostOutcome => ({
  status, durationMs: 1, attempt: 1, responseExcerpt: '', retryAfter: null,
  result: sent ? { kind: 'sent', receipts: [] } : { kind: 'error', reason: `HTTP ${status}`, detail },
});

describe('submission policy', () => {
  it('answers map to actions as api.md classes them', () => {
    const cases: Array<[number | null, string, string]> = [
      [null, '', 'retry'], [401, '', 'retry'], [403, '', 'retry'], [408, '', 'retry'], [429, '', 'retry'], [500, '', 'retry'], [503, '', 'retry'],
      [413, '', 'split'], [400, 'Payload was malformed', 'bisect'], [400, '[3] bad sex', 'refuseItems'], [204, '', 'refuse'], [404, '', 'refuse'], [409, '', 'refuse'],
    ];
    for (const [status, detail, kind] of cases) expect(answerAction(outcome(status, detail), 10).kind, `${status} ${detail}`).to.equal(kind);
    expect(answerAction(outcome(200, '', true), 10).kind).to.equal('sent');
    expect(answerAction(outcome(403), 10)).to.deep.equal({ kind: 'retry', forbidden: true });
  });

  it('reads the items a 400 names, with their lines, ignoring indices outside the batch', () => {
    const items = namedItems('Payload was malformed:\n[0] la_child_id: too long\n[2] sex: enum\n[2] social_care_episodes[1].closure_reason: maxLength\n[9] out of range', 3);
    expect([...items]).to.deep.equal([[0, '[0] la_child_id: too long'], [2, '[2] sex: enum; [2] social_care_episodes[1].closure_reason: maxLength']]);
  });

  it('backs off with full jitter under a doubling ceiling, capped; 403 uses the longer cap', () => {
    const policy = { ...DEFAULT_SUBMIT_POLICY, baseMs: 1000, capMs: 5000, forbiddenCapMs: 20_000 };
    expect(backoffMs(policy, 1, false, null, () => 0)).to.equal(0);
    expect(backoffMs(policy, 1, false, null, () => 0.999999)).to.equal(1000);
    expect(backoffMs(policy, 3, false, null, () => 0.999999)).to.equal(4000);
    expect(backoffMs(policy, 10, false, null, () => 0.999999)).to.equal(5000);
    expect(backoffMs(policy, 10, true, null, () => 0.999999)).to.equal(20_000);
  });

  it('honours Retry-After (seconds or an HTTP date) when longer, and gives up past the cap', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    expect(retryAfterMs('7', now)).to.equal(7000);
    expect(retryAfterMs('Sun, 29 Nov 2026 12:00:30 GMT', now)).to.equal(30_000);
    expect(retryAfterMs('Sun, 29 Nov 2026 11:00:00 GMT', now)).to.equal(0);
    expect(retryAfterMs('soon', now)).to.equal(null);
    expect(retryAfterMs(null, now)).to.equal(null);
    const policy = { ...DEFAULT_SUBMIT_POLICY, baseMs: 1000, capMs: 5000 };
    expect(backoffMs(policy, 1, false, 3000, () => 0)).to.equal(3000);
    expect(backoffMs(policy, 1, false, 6000, () => 0)).to.equal(null);
  });

  it('the circuit breaker trips on N untaken batches in a row; a taken one resets the count', () => {
    const breaker = new CircuitBreaker(2);
    const down = { claimed: 10, sent: 0, errors: 0, released: 10, unavailable: 'HTTP 503' };
    const up = { claimed: 10, sent: 10, errors: 0, released: 0, unavailable: null };
    breaker.record(down);
    breaker.record(up);
    breaker.record(down);
    expect(breaker.reason).to.equal(null);
    breaker.record(down);
    expect(breaker.reason).to.equal('2 batches in a row were not taken by the API (last: HTTP 503)');
  });

  it('the post gap books start times one gap apart, whoever asks', async () => {
    let clock = 1000;
    const waits: number[] = [];
    const gap = createPostGap(100, async (ms) => void waits.push(ms), () => clock);
    await Promise.all([gap.wait(), gap.wait(), gap.wait()]);
    expect(waits).to.deep.equal([100, 200]);
    clock = 5000;
    await gap.wait();
    expect(waits).to.deep.equal([100, 200]);
  });
});
