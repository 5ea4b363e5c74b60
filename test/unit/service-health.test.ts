import { expect } from 'chai';
import { emptyStats } from '../../src/pipeline/cycle-stats.js';
import { cycleWaits } from '../../src/pipeline/cycle-waits.js';
import { ServiceHealth } from '../../src/serve/service-health.js';

describe('serve: readiness from the cycles it ran (clock injected)', () => {
  it('not ready before a cycle, after a failed one, or once the last success is older than alerts.maxCycleAgeMinutes', () => {
    const health = new ServiceHealth(30 * 60_000);
    expect(health.readiness(0)).to.deep.equal({ ready: false, reason: 'no cycle has finished yet' });
    health.record({ ok: true, at: 1_000, stats: { ...emptyStats(), touched: 4, sent: 4 } });
    expect(health.readiness(2_000)).to.deep.include({ ready: true });
    expect(health.readiness(2_000).reason).to.match(/: 4 touched, 4 sent, 0 errors$/);
    expect(health.readiness(1_000 + 31 * 60_000)).to.deep.equal({ ready: false, reason: 'no cycle has succeeded for 31 minutes (alerts.maxCycleAgeMinutes is 30)' });
    health.record({ ok: false, at: 3_000, reason: 'lost the connection to postgres' });
    expect(health.readiness(4_000)).to.deep.equal({ ready: false, reason: 'the last cycle failed: lost the connection to postgres' });
    const held = { ...emptyStats(), held: ['ssd_person'] };
    health.record({ ok: true, at: 5_000, stats: { ...held, waits: cycleWaits(held) } });
    expect(health.readiness(6_000).reason).to.match(/: 0 touched, 0 sent, 0 errors; waiting for the load of ssd_person to finish: nothing marked \(capture.reloadGraceMinutes bounds the wait\)$/);
    expect(health.cycles).to.equal(3);
  });

  it("says, still ready, what holds the service back without being its fault (a load's transaction left open), until it is gone", () => {
    const health = new ServiceHealth(30 * 60_000);
    health.record({ ok: true, at: 1_000, stats: { ...emptyStats(), touched: 1, sent: 1 } });
    health.note('open-write', 'capture cannot see writes not yet committed: a transaction in database ssd open 73 min (pid 61, application "SSIS load")');
    expect(health.readiness(2_000)).to.deep.equal({ ready: true, reason: `last cycle ${new Date(1_000).toISOString()}: 1 touched, 1 sent, 0 errors; capture cannot see writes not yet committed: a transaction in database ssd open 73 min (pid 61, application "SSIS load")` });
    health.note('open-write', null);
    expect(health.readiness(2_000).reason).to.match(/0 errors$/);
  });
});
