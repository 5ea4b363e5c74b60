import { expect } from 'chai';
import { from, lastValueFrom, tap, toArray } from 'rxjs';
import { chunkIds } from '../../src/pipeline/chunk.js';
import { emptyStats } from '../../src/pipeline/cycle-stats.js';
import { statisticsAsTablesGrow } from '../../src/pipeline/statistics-as-tables-grow.js';

/** The chunk indexes after which statistics were refreshed, for a cycle of `children` in chunks of 10. */
async function refreshedAfter(children: number): Promise<number[]> {
  const chunks = chunkIds(Array.from({ length: children }, (_, i) => String(i)), 10);
  // In the order they happen: 'refresh', or the index of a chunk let through (after its refresh, if any).
  const events: Array<number | 'refresh'> = [];
  const schema = { refreshStatisticsWhileMarking: async () => void events.push('refresh') };
  await lastValueFrom(from(chunks).pipe(statisticsAsTablesGrow(schema, chunks.length, emptyStats(), { warn: () => undefined }), tap((c) => events.push(c.index)), toArray()));
  expect(events.filter((e) => e !== 'refresh')).to.deep.equal(chunks.map((c) => c.index));
  return events.flatMap((e, i) => (events[i - 1] === 'refresh' && typeof e === 'number' ? [e] : []));
}

describe('statistics as tables grow', () => {
  it('refreshes after 2, 4, 8, ... chunks of a large cycle, never after its last', async () => {
    expect(await refreshedAfter(1000)).to.deep.equal([1, 3, 7, 15, 31, 63]);
    expect(await refreshedAfter(80)).to.deep.equal([1, 3]);
  });

  it('leaves a delta of one or two chunks alone', async () => {
    expect(await refreshedAfter(0)).to.deep.equal([]);
    expect(await refreshedAfter(15)).to.deep.equal([]);
    expect(await refreshedAfter(20)).to.deep.equal([]);
    expect(await refreshedAfter(21)).to.deep.equal([1]);
  });

  it('logs a refresh that fails and lets every chunk through', async () => {
    const chunks = chunkIds(Array.from({ length: 50 }, (_, i) => String(i)), 10);
    const warned: string[] = [];
    const schema = { refreshStatisticsWhileMarking: async () => Promise.reject(new Error('canceling statement due to lock timeout')) };
    const passed = await lastValueFrom(from(chunks).pipe(statisticsAsTablesGrow(schema, chunks.length, emptyStats(), { warn: (_: unknown, message: string) => void warned.push(message) } as never), toArray()));
    expect(passed.map((c) => c.index)).to.deep.equal([0, 1, 2, 3, 4]);
    expect(warned).to.have.length(2);
    expect(warned[0]).to.match(/statistics .* failed \(.*lock timeout\): the cycle goes on/);
  });
});
