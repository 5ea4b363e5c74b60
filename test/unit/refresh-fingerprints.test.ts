import { expect } from 'chai';
import { join } from 'node:path';
import { refreshFingerprints, type FingerprintOps, type StoredSignature } from '../../src/capture/refresh-fingerprints.js';
import { loadStreamDefinitions } from '../../src/capture/stream-definition.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

const STREAMS = loadStreamDefinitions(join(PACKAGE_ROOT, 'streams'));
const person = STREAMS.find((s) => s.stream === 'ssd_person')!;
const professionals = STREAMS.find((s) => s.stream === 'ssd_professionals')!;

/** Ops over an in-memory state: signatures now and stored, emptiness, and what was refreshed. */
function ops(state: { now: Record<string, string>; stored: Record<string, StoredSignature>; empty: Set<string> }) {
  const refreshed: string[] = [];
  const markedEmpty: string[] = [];
  const o: FingerprintOps = {
    signature: async (def) => state.now[def.stream] ?? '',
    stored: async (stream) => state.stored[stream] ?? { signature: null, live: 0, emptyForMs: null },
    isEmpty: async (def) => state.empty.has(def.stream),
    markEmpty: async (stream) => void markedEmpty.push(stream),
    refreshAndStore: async (def) => {
      refreshed.push(def.stream);
      return { stream: def.stream, inserted: 0, updated: 0, deleted: 0 };
    },
  };
  return { o, refreshed, markedEmpty };
}

describe('fingerprint refresh decisions', () => {
  it('the poll refreshes only streams whose signature moved; `refresh` refreshes all', async () => {
    const state = { now: { ssd_person: 'a', ssd_professionals: 'b2' }, stored: { ssd_person: { signature: 'a', live: 3, emptyForMs: null }, ssd_professionals: { signature: 'b1', live: 3, emptyForMs: null } }, empty: new Set<string>() };
    const poll = ops(state);
    await refreshFingerprints([person, professionals], { onlyMoved: true, reloadGraceMs: 1000 }, poll.o);
    expect(poll.refreshed).to.deep.equal(['ssd_professionals']);
    const all = ops(state);
    await refreshFingerprints([person, professionals], { onlyMoved: false }, all.o);
    expect(all.refreshed).to.deep.equal(['ssd_person', 'ssd_professionals']);
  });

  it('waits for an emptied cohort table within the grace, then refreshes it', async () => {
    const within = ops({ now: { ssd_person: '0' }, stored: { ssd_person: { signature: 'x', live: 9, emptyForMs: 500 } }, empty: new Set(['ssd_person']) });
    const [held] = await refreshFingerprints([person], { onlyMoved: true, reloadGraceMs: 1000 }, within.o);
    expect(held?.skipped).to.match(/waiting up to capture\.reloadGraceMinutes/);
    expect(within.markedEmpty).to.deep.equal(['ssd_person']);
    expect(within.refreshed).to.deep.equal([]);
    const past = ops({ now: { ssd_person: '0' }, stored: { ssd_person: { signature: 'x', live: 9, emptyForMs: 1500 } }, empty: new Set(['ssd_person']) });
    await refreshFingerprints([person], { onlyMoved: true, reloadGraceMs: 1000 }, past.o);
    expect(past.refreshed).to.deep.equal(['ssd_person']);
  });

  it('does not wait for a table that decides nothing about who is in the cohort, one that had no rows, or with no grace', async () => {
    const state = { now: { ssd_person: '0', ssd_professionals: '0' }, stored: { ssd_person: { signature: 'x', live: 0, emptyForMs: null }, ssd_professionals: { signature: 'y', live: 4, emptyForMs: null } }, empty: new Set(['ssd_person', 'ssd_professionals']) };
    const poll = ops(state);
    await refreshFingerprints([person, professionals], { onlyMoved: true, reloadGraceMs: 1000 }, poll.o);
    expect(poll.refreshed).to.deep.equal(['ssd_person', 'ssd_professionals']);
    const noGrace = ops({ ...state, stored: { ...state.stored, ssd_person: { signature: 'x', live: 9, emptyForMs: null } } });
    await refreshFingerprints([person], { onlyMoved: true, reloadGraceMs: 0 }, noGrace.o);
    expect(noGrace.refreshed).to.deep.equal(['ssd_person']);
  });
});
