import { expect } from 'chai';
import { silentLogger } from '../../src/core/logger.js';
import { startCycleLoop } from '../../src/serve/cycle-loop.js';

describe('serve: the cycle loop', function () {
  this.timeout(30_000);

  it('skips a tick that comes while a cycle runs (never two at once), and stop waits for the cycle in hand', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    const startedOnce = new Promise<void>((resolve) => (started = resolve));
    let skipped: () => void = () => undefined;
    const skippedOnce = new Promise<void>((resolve) => (skipped = resolve));
    const logger = { ...silentLogger(), warn: (message: string) => void (/skipped/.test(message) && skipped()) } as unknown as ReturnType<typeof silentLogger>;
    const events: string[] = [];
    const loop = startCycleLoop({
      expression: '* * * * * *',
      timezone: 'Europe/London',
      logger,
      cycle: () => {
        calls += 1;
        events.push('start');
        started();
        return new Promise<void>((resolve) => (release = () => (events.push('end'), resolve())));
      },
    });
    try {
      await startedOnce;
      await skippedOnce; // a later tick, while the first cycle has not ended
      expect(calls).to.equal(1);
      const stopping = loop.stop().then(() => events.push('stopped'));
      release();
      await stopping;
      expect(events).to.deep.equal(['start', 'end', 'stopped']);
    } finally {
      release();
      await loop.stop();
    }
  });
});
