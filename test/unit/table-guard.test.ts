import { expect } from 'chai';
import { join } from 'node:path';
import { decideTableHolds, type TableGuardLimits } from '../../src/capture/table-guard.js';
import { loadStreamDefinitions } from '../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import type { Change, ChangeBatch, TableMemory, TableState } from '../../src/source/source.js';

const STREAMS = loadStreamDefinitions(join(PACKAGE_ROOT, 'streams')).filter((s) => s.stream === 'ssd_person' || s.stream === 'ssd_cin_episodes');
const LIMITS: TableGuardLimits = { maxShrinkShare: 0.5, minimumDrop: 25, waitForSettledLoads: true, reloadGraceMs: 60_000 };

const batch = (...changes: Array<Partial<Change> & { stream: string }>): ChangeBatch => ({
  changes: changes.map((c) => ({ kind: 'row', rowKey: 'k', count: 1, ageMs: 0, ...c })),
  rawCount: changes.length, baselineStreams: [], position: '1:1:',
});
const state = (stream: string, rows: number, asFingerprinted: boolean | null = null): TableState => ({ stream, rows, asFingerprinted });
const memory = (entries: Record<string, Partial<TableMemory>>): Map<string, TableMemory> =>
  new Map(Object.entries(entries).map(([k, v]) => [k, { markedRows: null, heldSeen: null, heldForMs: null, heldSince: null, ...v }]));
const held = (states: TableState[], b: ChangeBatch, m: Map<string, TableMemory>, limits = LIMITS): string[] => decideTableHolds(STREAMS, states, b, m, limits).holds.map((h) => h.table);

describe('table guard (holding a cycle for a table mid-load)', () => {
  it('takes tables that are as they were, or changed row by row', () => {
    expect(held([state('ssd_person', 100), state('ssd_cin_episodes', 90)], batch({ stream: 'ssd_person' }), memory({ ssd_person: { markedRows: 100 }, ssd_cin_episodes: { markedRows: 120 } }))).to.deep.equal([]);
  });

  it('holds for a table that lost more than the share (and at least the minimum) of its rows since the last marking cycle', () => {
    const m = memory({ ssd_cin_episodes: { markedRows: 200 } });
    expect(held([state('ssd_cin_episodes', 100)], batch(), m)).to.deep.equal(['ssd_cin_episodes']);
    expect(held([state('ssd_cin_episodes', 101)], batch(), m)).to.deep.equal([]);
    // A small table losing its last rows in ordinary use is not a load: fewer than 25 gone never counts.
    expect(held([state('ssd_cin_episodes', 0)], batch(), memory({ ssd_cin_episodes: { markedRows: 24 } }))).to.deep.equal([]);
  });

  it('holds for a truncated table that is still empty, even with no count stored yet', () => {
    expect(held([state('ssd_person', 0)], batch({ stream: 'ssd_person', kind: 'truncate', rowKey: null }), memory({}))).to.deep.equal(['ssd_person']);
    expect(held([state('ssd_person', 0)], batch({ stream: 'ssd_person', kind: 'truncate', rowKey: null }), memory({ ssd_person: { markedRows: 0, heldSeen: '0 rows, 1 changes' } }))).to.deep.equal([]);
  });

  it('holds for a truncated table until a cycle finds it as the last one held for it saw it (direct mode settles)', () => {
    const b = batch({ stream: 'ssd_person', kind: 'truncate', rowKey: null }, { stream: 'ssd_person', count: 99 });
    const decision = decideTableHolds(STREAMS, [state('ssd_person', 99)], b, memory({ ssd_person: { markedRows: 100 } }), LIMITS);
    expect(decision.holds.map((h) => h.seen)).to.deep.equal(['99 rows, 100 changes']);
    expect(held([state('ssd_person', 99)], b, memory({ ssd_person: { markedRows: 100, heldSeen: '99 rows, 100 changes', heldForMs: 10 } }))).to.deep.equal([]);
    expect(held([state('ssd_person', 99)], b, memory({ ssd_person: { markedRows: 100 } }), { ...LIMITS, waitForSettledLoads: false })).to.deep.equal([]);
  });

  it('holds for a table that moved since its fingerprints were refreshed (fingerprint mode)', () => {
    expect(held([state('ssd_person', 100, false), state('ssd_cin_episodes', 5, true)], batch(), memory({ ssd_person: { markedRows: 100 }, ssd_cin_episodes: { markedRows: 5 } }))).to.deep.equal(['ssd_person']);
  });

  it('stops holding once cycles have held for a table longer than the grace, and never holds with a grace of 0', () => {
    const m = memory({ ssd_cin_episodes: { markedRows: 200, heldForMs: 60_000 } });
    const decision = decideTableHolds(STREAMS, [state('ssd_cin_episodes', 10)], batch(), m, LIMITS);
    expect(decision.holds).to.deep.equal([]);
    expect(decision.expired.map((h) => h.reason)).to.deep.equal(['ssd_cin_episodes has 10 rows, 200 when a cycle last marked from it (more than capture.maxShrinkShare=0.5 gone): waiting for its load to finish']);
    expect(held([state('ssd_cin_episodes', 10)], batch(), memory({ ssd_cin_episodes: { markedRows: 200 } }), { ...LIMITS, reloadGraceMs: 0 })).to.deep.equal([]);
  });

  it('takes a truncated table whose reload was written more than 10 minutes ago at once (an atomic reload, long committed)', () => {
    const b = batch({ stream: 'ssd_person', kind: 'truncate', rowKey: null, ageMs: 30 * 60_000 }, { stream: 'ssd_person', count: 99, ageMs: 20 * 60_000 });
    expect(held([state('ssd_person', 99)], b, memory({ ssd_person: { markedRows: 100 } }))).to.deep.equal([]);
  });

  it('waits for a table changed in bulk (at least the shrink threshold of its rows) to settle, as for a truncated one', () => {
    const b = batch({ stream: 'ssd_cin_episodes', count: 60 });
    expect(held([state('ssd_cin_episodes', 100)], b, memory({ ssd_cin_episodes: { markedRows: 100 } }))).to.deep.equal(['ssd_cin_episodes']);
    expect(held([state('ssd_cin_episodes', 100)], b, memory({ ssd_cin_episodes: { markedRows: 100, heldSeen: '100 rows, 60 changes' } }))).to.deep.equal([]);
    expect(held([state('ssd_cin_episodes', 100)], batch({ stream: 'ssd_cin_episodes', count: 49 }), memory({ ssd_cin_episodes: { markedRows: 100 } })), 'an ordinary day').to.deep.equal([]);
  });

  it('treats a table SQL Server re-baselined (Change Tracking records no TRUNCATE) as truncated', () => {
    const rebaselined: ChangeBatch = { ...batch(), baselineStreams: ['ssd_person'], rebaselined: [{ stream: 'ssd_person', reason: 'below the minimum valid version' }] };
    expect(held([state('ssd_person', 0)], rebaselined, memory({ ssd_person: { markedRows: 10 } })), 'empty').to.deep.equal(['ssd_person']);
    expect(held([state('ssd_person', 9)], rebaselined, memory({ ssd_person: { markedRows: 10 } })), 'reloaded, not settled').to.deep.equal(['ssd_person']);
    expect(held([state('ssd_person', 9)], rebaselined, memory({ ssd_person: { markedRows: 10, heldSeen: '9 rows, 0 changes' } })), 'settled').to.deep.equal([]);
  });

  it('holds once for a table marked before row counts were kept (an upgrade), never on a first cycle', () => {
    expect(held([state('ssd_person', 100)], batch(), memory({}))).to.deep.equal(['ssd_person']);
    expect(held([state('ssd_person', 100)], batch(), memory({ ssd_person: { heldSeen: '100 rows, 0 changes' } }))).to.deep.equal([]);
    expect(held([state('ssd_person', 100)], { ...batch(), baselineStreams: ['ssd_person'] }, memory({}))).to.deep.equal([]);
  });
});
