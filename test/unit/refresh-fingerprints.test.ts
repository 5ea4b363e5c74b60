import { expect } from 'chai';
import { join } from 'node:path';
import { refreshFingerprints, type FingerprintOps, type StoredSignature } from '../../src/source/refresh-fingerprints.js';
import { loadStreamDefinitions } from '../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

const STREAMS = loadStreamDefinitions(join(PACKAGE_ROOT, 'streams'));
const person = STREAMS.find((s) => s.stream === 'ssd_person')!;
const professionals = STREAMS.find((s) => s.stream === 'ssd_professionals')!;

type Stored = StoredSignature & { readonly live: number };
const stored = (signature: string | null, live: number, extra: Partial<StoredSignature> = {}): Stored => ({ signature, seen: signature, emptyForMs: null, live, ...extra });

/** Ops over an in-memory state: signatures now and stored, emptiness, and what was read, refreshed or noted. */
function ops(state: { now: Record<string, string>; stored: Record<string, Stored>; empty?: Set<string> }) {
  const refreshed: string[] = [];
  const markedEmpty: string[] = [];
  const seen: Array<[string, string]> = [];
  const reads = { stored: 0, live: [] as string[] };
  const o: FingerprintOps = {
    signature: async (def) => state.now[def.stream] ?? '',
    stored: async (names) => {
      reads.stored += 1;
      return new Map(names.flatMap((n) => (state.stored[n] ? [[n, state.stored[n]] as const] : [])));
    },
    hasLiveRows: async (stream) => {
      reads.live.push(stream);
      return (state.stored[stream]?.live ?? 0) > 0;
    },
    isEmpty: async (def) => state.empty?.has(def.stream) ?? false,
    markEmpty: async (stream) => void markedEmpty.push(stream),
    noteSeen: async (stream, signature) => void seen.push([stream, signature]),
    refreshAndStore: async (def) => {
      refreshed.push(def.stream);
      return { stream: def.stream, inserted: 0, updated: 0, deleted: 0 };
    },
  };
  return { o, refreshed, markedEmpty, seen, reads };
}

describe('fingerprint refresh decisions', () => {
  it('the poll refreshes only streams whose signature moved; `refresh` refreshes all', async () => {
    const state = { now: { ssd_person: 'a', ssd_professionals: 'b2' }, stored: { ssd_person: stored('a', 3), ssd_professionals: stored('b1', 3, { seen: 'b2' }) } };
    const poll = ops(state);
    await refreshFingerprints([person, professionals], { onlyMoved: true, reloadGraceMs: 1000, waitForSettledLoads: true }, poll.o);
    expect(poll.refreshed).to.deep.equal(['ssd_professionals']);
    // One read of what is stored for all streams; fingerprints are not read for a table with rows.
    expect(poll.reads).to.deep.equal({ stored: 1, live: [] });
    const all = ops(state);
    await refreshFingerprints([person, professionals], { onlyMoved: false }, all.o);
    expect(all.refreshed).to.deep.equal(['ssd_person', 'ssd_professionals']);
  });

  it('waits for a table being written until two polls in a row see the same signature', async () => {
    const moving = ops({ now: { ssd_person: 'b' }, stored: { ssd_person: stored('a', 3, { seen: 'a' }) } });
    const [held] = await refreshFingerprints([person], { onlyMoved: true, waitForSettledLoads: true }, moving.o);
    expect(held?.skipped).to.match(/ssd_person changed since the last poll: waiting for its load to finish/);
    expect(moving.seen).to.deep.equal([['ssd_person', 'b']]);
    expect(moving.refreshed).to.deep.equal([]);
    const settled = ops({ now: { ssd_person: 'b' }, stored: { ssd_person: stored('a', 3, { seen: 'b' }) } });
    await refreshFingerprints([person], { onlyMoved: true, waitForSettledLoads: true }, settled.o);
    expect(settled.refreshed).to.deep.equal(['ssd_person']);
    const eager = ops({ now: { ssd_person: 'b' }, stored: { ssd_person: stored('a', 3, { seen: 'a' }) } });
    await refreshFingerprints([person], { onlyMoved: true, waitForSettledLoads: false }, eager.o);
    expect(eager.refreshed).to.deep.equal(['ssd_person']);
  });

  it('waits for an emptied cohort table within the grace, then refreshes it', async () => {
    const within = ops({ now: { ssd_person: '0' }, stored: { ssd_person: stored('x', 9, { seen: '0', emptyForMs: 500 }) }, empty: new Set(['ssd_person']) });
    const [held] = await refreshFingerprints([person], { onlyMoved: true, reloadGraceMs: 1000, waitForSettledLoads: true }, within.o);
    expect(held?.skipped).to.match(/waiting up to capture\.reloadGraceMinutes/);
    expect(within.markedEmpty).to.deep.equal(['ssd_person']);
    expect(within.refreshed).to.deep.equal([]);
    const past = ops({ now: { ssd_person: '0' }, stored: { ssd_person: stored('x', 9, { seen: '0', emptyForMs: 1500 }) }, empty: new Set(['ssd_person']) });
    await refreshFingerprints([person], { onlyMoved: true, reloadGraceMs: 1000, waitForSettledLoads: true }, past.o);
    expect(past.refreshed).to.deep.equal(['ssd_person']);
  });

  it('does not wait for a table that decides nothing about who is in the cohort, one that had no rows, or with no grace', async () => {
    const state = { now: { ssd_person: '0', ssd_professionals: '0' }, stored: { ssd_person: stored('x', 0, { seen: '0' }), ssd_professionals: stored('y', 4, { seen: '0' }) }, empty: new Set(['ssd_person', 'ssd_professionals']) };
    const poll = ops(state);
    await refreshFingerprints([person, professionals], { onlyMoved: true, reloadGraceMs: 1000 }, poll.o);
    expect(poll.refreshed).to.deep.equal(['ssd_person', 'ssd_professionals']);
    const noGrace = ops({ ...state, stored: { ...state.stored, ssd_person: stored('x', 9, { seen: '0' }) } });
    await refreshFingerprints([person], { onlyMoved: true, reloadGraceMs: 0 }, noGrace.o);
    expect(noGrace.refreshed).to.deep.equal(['ssd_person']);
  });
});
