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

describe('serve: the cycle loop on an injected clock', () => {
  /** A clock that only moves when told: `after` keeps the one pending wake-up. */
  function fakeClock(start: string): { clock: { now(): number; after(ms: number, fn: () => void): () => void }; advance(ms: number): void } {
    let now = Date.parse(start);
    let wake: { at: number; fn: () => void } | null = null;
    return {
      clock: { now: () => now, after: (ms, fn) => ((wake = { at: now + ms, fn }), () => (wake = null)) },
      advance(ms) {
        const end = now + ms;
        while (wake && wake.at <= end) {
          const { at, fn } = wake;
          wake = null;
          now = at;
          fn();
        }
        now = end;
      },
    };
  }

  it('every minute through the autumn night: a cycle each real minute, the repeated hour included', async () => {
    const { clock, advance } = fakeClock('2026-10-25T00:00:00.000Z');
    const at: string[] = [];
    const loop = startCycleLoop({ expression: '0 * * * * *', timezone: 'Europe/London', logger: silentLogger(), clock, cycle: async () => void at.push(new Date(clock.now()).toISOString().slice(0, 16)) });
    for (let i = 0; i < 3 * 3600; i += 1) {
      advance(1000);
      await Promise.resolve();
      await Promise.resolve();
    }
    await loop.stop();
    expect(at).to.have.length(179);
    expect(new Set(at).size).to.equal(179);
  });

  it('ticks missed while the process could not look (a suspended machine) give one cycle and one warning', async () => {
    const { clock, advance } = fakeClock('2026-06-01T10:00:00.000Z');
    const warnings: unknown[] = [];
    const logger = { ...silentLogger(), warn: (fields: unknown) => void warnings.push(fields) } as unknown as ReturnType<typeof silentLogger>;
    let cycles = 0;
    const loop = startCycleLoop({ expression: '0 * * * * *', timezone: 'Europe/London', logger, clock, cycle: async () => void (cycles += 1) });
    // The process sleeps through five minutes: its one wake-up comes late.
    const wake = clock.now;
    clock.now = () => wake() + 5 * 60_000;
    advance(1005);
    await loop.stop();
    expect(cycles).to.equal(1);
    expect(warnings).to.deep.equal([{ missed: 4 }]);
  });

  it('ticks skipped under a long cycle are said twice, not once a second: at the first, and how many when it ends', async () => {
    const { clock, advance } = fakeClock('2026-06-01T10:00:00.000Z');
    const warnings: unknown[] = [];
    const logger = { ...silentLogger(), warn: (first: unknown) => void warnings.push(first) } as unknown as ReturnType<typeof silentLogger>;
    let release: () => void = () => undefined;
    let cycles = 0;
    const loop = startCycleLoop({ expression: '* * * * * *', timezone: 'Europe/London', logger, clock, cycle: () => new Promise<void>((resolve) => ((cycles += 1), (release = resolve))) });
    for (let i = 0; i < 60; i += 1) {
      advance(1000);
      await Promise.resolve();
    }
    expect(cycles).to.equal(1);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0])).to.match(/skipped, as are the next until it ends/);
    release();
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    expect(warnings).to.have.length(2);
    // 60 seconds looked at from 10:00:01.005 on: 59 ticks, the first started the cycle.
    expect(warnings[1]).to.deep.equal({ skipped: 58 });
    await loop.stop();
  });
});
