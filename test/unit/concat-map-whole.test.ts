import { expect } from 'chai';
import { concatMap, from, lastValueFrom, Subject, toArray, type OperatorFunction } from 'rxjs';
import { concatMapWhole } from '../../src/pipeline/concat-map-whole.js';

/** Feeds one value, then an upstream error while that value's work is still running; says in what order things ended. */
async function failWhileWorking(operator: (work: (n: number) => Promise<number>) => OperatorFunction<number, number>): Promise<string[]> {
  const events: string[] = [];
  let finish: () => void = () => undefined;
  const upstream = new Subject<number>();
  const work = (n: number): Promise<number> =>
    new Promise<void>((resolve) => (finish = resolve)).then(() => {
      events.push('write ended');
      return n;
    });
  const ended = lastValueFrom(upstream.pipe(operator(work))).catch((error: Error) => void events.push(`pipeline failed: ${error.message}`));
  upstream.next(1);
  upstream.error(new Error('fetch failed'));
  // Every callback already due has run: an error passed on at once has been seen by now.
  await new Promise((resolve) => setImmediate(resolve));
  events.push('write released');
  finish();
  await ended;
  await new Promise((resolve) => setImmediate(resolve));
  return events;
}

describe('concatMapWhole: a failure upstream waits for the write under way', () => {
  it('passes the error on only once the work under way has ended', async () => {
    expect(await failWhileWorking(concatMapWhole)).to.deep.equal(['write released', 'write ended', 'pipeline failed: fetch failed']);
  });

  it('(plain concatMap passes it on at once, the write still running)', async () => {
    expect(await failWhileWorking((work) => concatMap(work))).to.deep.equal(['pipeline failed: fetch failed', 'write released', 'write ended']);
  });

  it("passes on the work's own error, and values in order as concatMap does", async () => {
    expect(await lastValueFrom(from([1, 2, 3]).pipe(concatMapWhole(async (n: number) => n * 10), toArray()))).to.deep.equal([10, 20, 30]);
    const failing = from([1, 2, 3]).pipe(concatMapWhole(async (n: number) => (n === 3 ? Promise.reject(new Error('write failed')) : n)));
    await lastValueFrom(failing).then(() => expect.fail('should fail'), (error: Error) => expect(error.message).to.equal('write failed'));
  });
});
