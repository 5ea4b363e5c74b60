import { expect } from 'chai';
import { AlertEpisodes } from '../../src/serve/alert-episodes.js';
import { historyExpiry } from '../../src/serve/history-left.js';
import { ServiceHealth } from '../../src/serve/service-health.js';
import { emptyStats } from '../../src/pipeline/cycle-stats.js';

describe('serve: alerts as episodes (clock injected)', () => {
  it('a condition fires once however many readings it lasts, resolves once, and a kind not judged keeps its state', () => {
    const episodes = new AlertEpisodes();
    expect(episodes.judge(0, { breaker: null, 'pending-age': null })).to.deep.equal([]);
    expect(episodes.judge(1, { breaker: 'sending stopped: 5 batches in a row' })).to.deep.equal([{ kind: 'breaker', state: 'firing', message: 'sending stopped: 5 batches in a row', since: 1 }]);
    expect(episodes.judge(2, { breaker: 'sending stopped: 6 batches in a row' }), 'still the same episode').to.deep.equal([]);
    expect(episodes.judge(3, { 'pending-age': 'a child has waited 61 minutes' })).to.have.length(1);
    // A reading that could not judge the breaker (the cycle failed early) leaves it open.
    expect(episodes.judge(4, { 'pending-age': null })).to.deep.equal([{ kind: 'pending-age', state: 'resolved', message: 'a child has waited 61 minutes', since: 3 }]);
    expect([...episodes.active.keys()]).to.deep.equal(['breaker']);
    expect(episodes.judge(5, { breaker: null })).to.deep.equal([{ kind: 'breaker', state: 'resolved', message: 'sending stopped: 5 batches in a row', since: 1 }]);
    expect(episodes.judge(6, { breaker: 'again' }), 'a new episode fires again').to.have.length(1);
  });

  it('a kind with a hold-down resolves only after that many clear readings in a row: an API failing one cycle in two is one episode', () => {
    const episodes = new AlertEpisodes({ breaker: 3 });
    expect(episodes.judge(1, { breaker: 'tripped' })).to.have.length(1);
    expect(episodes.judge(2, { breaker: null })).to.deep.equal([]);
    expect(episodes.judge(3, { breaker: 'tripped again' }), 'still the first episode').to.deep.equal([]);
    expect(episodes.judge(4, { breaker: null })).to.deep.equal([]);
    expect(episodes.judge(5, { breaker: null })).to.deep.equal([]);
    expect(episodes.judge(6, { breaker: null })).to.deep.equal([{ kind: 'breaker', state: 'resolved', message: 'tripped', since: 1 }]);
  });

  it('stale: no success for longer than alerts.maxCycleAgeMinutes, counted from the start before the first success', () => {
    const health = new ServiceHealth(30 * 60_000, 0);
    expect(health.stale(30 * 60_000)).to.equal(null);
    expect(health.stale(31 * 60_000)).to.equal('no cycle has succeeded for 31 minutes (alerts.maxCycleAgeMinutes is 30); no cycle has finished since the service started');
    health.record({ ok: false, at: 32 * 60_000, reason: 'the database is away' });
    expect(health.stale(33 * 60_000)).to.match(/for 33 minutes .*; the last one: the database is away$/);
    health.record({ ok: true, at: 34 * 60_000, stats: emptyStats() });
    expect(health.stale(63 * 60_000)).to.equal(null);
    expect(health.stale(65 * 60_000)).to.match(/for 31 minutes .*; the last one finished without error$/);
  });

  it('SQL Server: history-expiry speaks once less than a day of Change Tracking history is left for ssd-delta\'s position', () => {
    expect(historyExpiry(3, 2 * 86_400 - 1)).to.equal(null);
    expect(historyExpiry(3, 2 * 86_400 + 3600)).to.match(/^Change Tracking keeps 3 days of history \(capture\.retentionDays\) and ssd-delta's position is 49 hours old: in 23 hours the history it needs expires/);
    expect(historyExpiry(3, 4 * 86_400)).to.match(/position is 96 hours old: now the history it needs expires, and the next cycle re-evaluates every child/);
  });
});
