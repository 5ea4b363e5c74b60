import { expect } from 'chai';
import { loggedProgress } from '../../src/core/progress.js';
import type { Logger } from '../../src/core/logger.js';

describe('progress of long work, off a terminal: a log line every few seconds (clock injected)', () => {
  it('says done, of, the rate and the time left at most every `everyMs`, and nothing for the last step', () => {
    const lines: unknown[] = [];
    const logger = { info: (fields: unknown, message: string) => lines.push([fields, message]) } as unknown as Logger;
    let now = 0;
    const sink = loggedProgress(logger, 'rebuilding children', 5_000, () => now);
    for (const [at, done] of [[1_000, 100], [4_000, 400], [6_000, 600], [8_000, 800], [11_000, 1_100], [12_000, 2_000]] as const) {
      now = at;
      sink(done, 2_000);
    }
    expect(lines).to.deep.equal([
      [{ done: 600, of: 2_000, perSecond: 100, secondsLeft: 14 }, 'rebuilding children'],
      [{ done: 1_100, of: 2_000, perSecond: 100, secondsLeft: 9 }, 'rebuilding children'],
    ]);
  });
});
