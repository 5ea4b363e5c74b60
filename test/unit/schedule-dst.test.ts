import { expect } from 'chai';
import { namesFixedTimes, ScheduleTicks } from '../../src/serve/schedule-ticks.js';

/** The ticks of `expression` in Europe/London from `from` to `to`, the clock stepped a second at a time, as ISO instants. */
function ticks(expression: string, from: string, to: string, stepSeconds = 1): string[] {
  const schedule = new ScheduleTicks(expression, 'Europe/London', Date.parse(from));
  const out: number[] = [];
  for (let now = Date.parse(from); now <= Date.parse(to); now += stepSeconds * 1000) out.push(...schedule.until(now));
  return out.map((t) => new Date(t).toISOString());
}

// 2026: the clocks go forward at 01:00 GMT on 29 March (01:00 -> 02:00 local) and back at 01:00 GMT on 25 October (02:00 BST -> 01:00 GMT).
describe('serve: the schedule across the clock changes (Europe/London, clock injected)', () => {
  it('every minute: one tick per real minute through both nights, none lost in spring, none stopped for the repeated hour in autumn', () => {
    for (const [from, to] of [['2026-03-29T00:00:00Z', '2026-03-29T02:59:59Z'], ['2026-10-25T00:00:00Z', '2026-10-25T02:59:59Z']] as const) {
      const got = ticks('0 * * * * *', from, to);
      expect(got).to.have.length(179); // the minutes after `from`, up to 02:59
      expect(new Set(got.map((t) => t.slice(0, 16))).size, 'each real minute once').to.equal(179);
    }
    expect(ticks('*/10 * * * * *', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z')).to.have.length(360);
  });

  it('a fixed time the clocks skip in spring (01:30) runs once, at the first second after the jump', () => {
    expect(ticks('0 30 1 * * *', '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z', 7)).to.deep.equal([
      '2026-03-28T01:30:00.000Z', // 01:30 GMT
      '2026-03-29T01:00:00.000Z', // 02:00 BST: 01:30 never came
    ]);
    // 02:30 exists every day (BST from the 29th): once a day, by the wall clock.
    expect(ticks('0 30 2 * * *', '2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z', 7)).to.deep.equal(['2026-03-28T02:30:00.000Z', '2026-03-29T01:30:00.000Z']);
  });

  it('a fixed time that comes twice in autumn (01:30) runs once, at its first coming', () => {
    expect(ticks('0 30 1 * * *', '2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z', 7)).to.deep.equal([
      '2026-10-24T00:30:00.000Z', // 01:30 BST
      '2026-10-25T00:30:00.000Z', // 01:30 BST; 01:30 GMT an hour later is not run again
    ]);
  });

  it('a clock that jumps (a machine suspended, the event loop blocked) gives every tick it missed, to be coalesced by the loop', () => {
    const schedule = new ScheduleTicks('0 * * * * *', 'Europe/London', Date.parse('2026-06-01T10:00:00.500Z'));
    expect(schedule.until(Date.parse('2026-06-01T10:05:00.200Z'))).to.have.length(5);
    expect(schedule.until(Date.parse('2026-06-01T10:05:00.900Z')), 'nothing twice').to.deep.equal([]);
  });

  it('fixed times are those with no * in the minute or hour field', () => {
    expect(['0 30 1 * * *', '30 6 * * 1-5', '0 0 7,19 * * *'].map(namesFixedTimes)).to.deep.equal([true, true, true]);
    expect(['0 * * * * *', '*/10 * * * * *', '0 0 * * * *', '*/5 * * * *'].map(namesFixedTimes)).to.deep.equal([false, false, false, false]);
  });
});
