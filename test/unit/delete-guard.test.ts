import { expect } from 'chai';
import { loadConfig } from '../../src/config/load-config.js';
import { checkDeleteGuard, DEFAULT_GUARDS } from '../../src/pipeline/delete-guard.js';
import { guardsFromConfig } from '../../src/pipeline/guards-from-config.js';

describe('mass-delete guard', () => {
  it('allows up to the share of accepted children, and always the minimum', () => {
    expect(() => checkDeleteGuard(100, 1000, DEFAULT_GUARDS)).to.not.throw();
    expect(() => checkDeleteGuard(25, 30, DEFAULT_GUARDS)).to.not.throw();
    expect(() => checkDeleteGuard(101, 1000, DEFAULT_GUARDS)).to.throw(/would purge 101 of the 1000 children the API holds \(at most 100 allowed/);
    expect(() => checkDeleteGuard(26, 30, DEFAULT_GUARDS)).to.throw(/--allow-mass-delete/);
    expect(() => checkDeleteGuard(1000, 1000, { ...DEFAULT_GUARDS, maxDeletedShare: 1 })).to.not.throw();
  });

  it('takes its limits from the capture config', () => {
    const config = loadConfig({ env: { SSD_DELTA_CAPTURE_RELOAD_GRACE_MINUTES: '30', SSD_DELTA_CAPTURE_WAIT_FOR_SETTLED_LOADS: 'false' }, flags: { 'capture.maxDeletedShare': 1 } });
    expect(guardsFromConfig(config.capture)).to.deep.equal({ reloadGraceMs: 1_800_000, maxDeletedShare: 1, maxPurgedShare: 0.1, maxShrinkShare: 0.5, minimumDeletes: 25, waitForSettledLoads: false });
    expect(guardsFromConfig(loadConfig({ env: {} }).capture)).to.deep.equal(DEFAULT_GUARDS);
  });
});
