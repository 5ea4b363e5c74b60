import { expect } from 'chai';
import { formatCycleTable, totalMs } from '../../src/cli/cycle-table.js';
import { chunkIds } from '../../src/pipeline/chunk.js';
import { emptyStats } from '../../src/pipeline/cycle-stats.js';

describe('cycle table and chunks', () => {
  it('prints one aligned line per cycle with counts and stage times', () => {
    const stats = { ...emptyStats(), changesRead: 22, touched: 122, due: 3, updated: 6, sent: 8, ms: { ...emptyStats().ms, fetch: 90.4, mark: 138.6 } };
    const lines = formatCycleTable([{ label: 'first', stats: emptyStats() }, { label: 'round 1', stats }]).split('\n');
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(/^cycle\s+changes\s+touched\s+due\s+new\s+updated\s+unchanged\s+deleted\s+invalid\s+sent\s+errors\s+\|\s+capture ms/);
    expect(lines[2]).to.match(/^round 1\s+22\s+122\s+3\s+0\s+6\s+0\s+0\s+0\s+8\s+0\s+\|\s+0\s+0\s+90\s+0\s+0\s+139\s+0\s+229$/);
    expect(new Set(lines.map((l) => l.indexOf('|'))).size).to.equal(1);
    expect(totalMs(stats)).to.be.closeTo(229, 0.01);
  });

  it('splits ids into chunks, the last one flagged, and yields one empty chunk for no ids', () => {
    expect(chunkIds(['a', 'b', 'c'], 2)).to.deep.equal([{ ids: ['a', 'b'], index: 0, last: false }, { ids: ['c'], index: 1, last: true }]);
    expect(chunkIds([], 10)).to.deep.equal([{ ids: [], index: 0, last: true }]);
  });
});
