import { expect } from 'chai';
import { decideMark as decide, type BuiltChild } from '../../src/pipeline/decide-mark.js';
import type { StagingState } from '../../src/source/source.js';

const doc = (hash: string, errors: string[] = []): BuiltChild => ({ kind: 'document', personId: 'P1', legacyId: 'L1', json: `{"h":"${hash}"}`, hash, errors, validUntil: null });
const gone: BuiltChild = { kind: 'gone', personId: 'P1', legacyId: 'L1', validUntil: null };
const purge = (personId: string, legacyId: string | null) => ({ json: `{"purge":true,"la":"${personId}","mis":"${legacyId}"}`, hash: 'PURGE' });
const decideMark = (built: BuiltChild, state: StagingState | undefined) => decide(built, state, purge);
const row = (over: Partial<StagingState>): StagingState => ({ personId: 'P1', currentHash: 'A', previousHash: 'A', rowState: 'new', submissionStatus: 'sent', offered: true, legacyId: 'L1', validUntil: null, uncertain: false, ...over });

describe('marking rule (decide-mark)', () => {
  it('a new child becomes new / pending', () => {
    const { mark, outcome } = decideMark(doc('A'), undefined);
    expect(outcome).to.equal('new');
    expect(mark).to.include({ kind: 'upsert', rowState: 'new', submissionStatus: 'pending', hash: 'A' });
  });

  it('the same hash writes nothing', () => {
    expect(decideMark(doc('A'), row({}))).to.deep.equal({ mark: null, outcome: 'unchanged' });
  });

  it('a changed document of a child the API holds becomes updated / pending', () => {
    const { mark, outcome } = decideMark(doc('B'), row({}));
    expect(outcome).to.equal('updated');
    expect(mark).to.include({ rowState: 'updated', submissionStatus: 'pending', hash: 'B' });
  });

  it('a pending new child that changes again stays one new / pending row with the newest document', () => {
    const { mark } = decideMark(doc('C'), row({ currentHash: 'B', previousHash: null, submissionStatus: 'pending' }));
    expect(mark).to.include({ rowState: 'new', submissionStatus: 'pending', hash: 'C', json: '{"h":"C"}' });
  });

  it('a document changed back to what the API holds becomes unchanged / sent (nothing to send)', () => {
    const { mark, outcome } = decideMark(doc('A'), row({ currentHash: 'B', previousHash: 'A', rowState: 'updated', submissionStatus: 'pending' }));
    expect(outcome).to.equal('unchanged');
    expect(mark).to.include({ rowState: 'unchanged', submissionStatus: 'sent', hash: 'A' });
  });

  it('changed back, but an offer since then never got an answer: updated / pending (the API may hold the other one)', () => {
    const { mark, outcome } = decideMark(doc('A'), row({ currentHash: 'B', previousHash: 'A', rowState: 'updated', submissionStatus: 'sending', uncertain: true }));
    expect(outcome).to.equal('updated');
    expect(mark).to.include({ rowState: 'updated', submissionStatus: 'pending', hash: 'A' });
  });

  it('a gone child the API holds becomes deleted / pending with its purge document', () => {
    const { mark, outcome } = decideMark(gone, row({}));
    expect(outcome).to.equal('deleted');
    expect(mark).to.include({ rowState: 'deleted', submissionStatus: 'pending', hash: 'PURGE', json: '{"purge":true,"la":"P1","mis":"L1"}', legacyId: 'L1' });
  });

  it('a purge of a child whose person row is gone names it by the legacy id stored with its last document', () => {
    const { mark } = decideMark({ ...gone, legacyId: null }, row({ legacyId: 'STORED-1' }));
    expect(mark).to.include({ json: '{"purge":true,"la":"P1","mis":"STORED-1"}', legacyId: 'STORED-1' });
  });

  it('a gone child the API never accepted is removed, not purged', () => {
    expect(decideMark(gone, row({ previousHash: null, submissionStatus: 'pending', offered: false }))).to.deep.equal({ mark: { kind: 'remove', personId: 'P1' }, outcome: 'removed' });
  });

  it('a gone child that may have reached the API (in flight, or failed without an answer) is purged, not removed', () => {
    expect(decideMark(gone, row({ previousHash: null, submissionStatus: 'sending' })).outcome).to.equal('deleted');
    expect(decideMark(gone, row({ previousHash: null, submissionStatus: 'error' })).outcome).to.equal('deleted');
    // Claimed once, then released (no token) or failed: pending again, but the API may hold it.
    expect(decideMark(gone, row({ previousHash: null, submissionStatus: 'pending' })).outcome).to.equal('deleted');
  });

  it('a gone child with no row, or already deleted, writes nothing', () => {
    expect(decideMark(gone, undefined).mark).to.equal(null);
    expect(decideMark(gone, row({ rowState: 'deleted', currentHash: 'PURGE' })).mark).to.equal(null);
  });

  it('a deleted child who comes back is updated and sent whole', () => {
    const { mark } = decideMark(doc('B'), row({ rowState: 'deleted', currentHash: 'PURGE', previousHash: 'PURGE' }));
    expect(mark).to.include({ rowState: 'updated', submissionStatus: 'pending', hash: 'B' });
  });

  it('an invalid document is flagged invalid with its reasons, and not rewritten while unchanged', () => {
    const { mark, outcome } = decideMark(doc('X', ['la_child_id: maxLength (25 characters, at most 20)']), undefined);
    expect(outcome).to.equal('invalid');
    expect(mark).to.include({ submissionStatus: 'invalid', rowState: 'new', validationErrors: 'la_child_id: maxLength (25 characters, at most 20)' });
    expect(decideMark(doc('X', ['e']), row({ currentHash: 'X', previousHash: null, submissionStatus: 'invalid' }))).to.deep.equal({ mark: null, outcome: 'invalid' });
  });
});
