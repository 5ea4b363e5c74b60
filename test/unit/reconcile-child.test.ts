import { expect } from 'chai';
import type { BuiltChild } from '../../src/pipeline/decide-mark.js';
import type { DryChild } from '../../src/pipeline/dry-build.js';
import { reconcileChild } from '../../src/pipeline/reconcile-child.js';
import type { StagingState } from '../../src/source/source.js';

const TODAY = '2026-06-15';
const doc = (hash: string, errors: string[] = []): BuiltChild => ({ kind: 'document', personId: 'C1', legacyId: null, json: `{"h":"${hash}"}`, hash, errors, validUntil: null });
const gone: BuiltChild = { kind: 'gone', personId: 'C1', legacyId: 'L1', validUntil: null };
const state = (over: Partial<StagingState>): StagingState => ({
  personId: 'C1', currentHash: 'A', previousHash: 'A', rowState: 'new', submissionStatus: 'sent', legacyId: null, offered: true, validUntil: null, uncertain: false, ...over,
});
const child = (built: BuiltChild, s: StagingState | undefined): DryChild => ({ built, state: s, outcome: 'absent', mark: null, warnings: [] });
const makePurge = (personId: string, legacyId: string | null) => ({ json: `{"la_child_id":"${personId}","mis_child_id":"${legacyId}","purge":true}`, hash: 'P' });
const standing = (built: BuiltChild, s?: StagingState) => reconcileChild(child(built, s), makePurge, TODAY).standing;

describe('reconcile: how a child stands against what the API may hold', () => {
  it('compares with the last accepted document, and with any offer never answered', () => {
    expect(standing(doc('A'), state({}))).to.equal('ok');
    expect(standing(doc('B'), state({}))).to.equal('differs');
    expect(standing(doc('A'), state({ uncertain: true })), 'an unanswered offer of another document').to.equal('differs');
    expect(standing(doc('A'), undefined)).to.equal('missing');
    expect(standing(doc('A'), state({ previousHash: null, submissionStatus: 'error' }))).to.equal('missing');
    expect(standing(doc('A'), state({ previousHash: null, uncertain: true })), 'the API may hold an offer').to.equal('differs');
    expect(standing(doc('A', ['la_child_id: too long']), state({}))).to.equal('invalid');
  });

  it('leaves alone what is queued: pending, being sent, or due today by time alone', () => {
    expect(standing(doc('B'), state({ submissionStatus: 'pending' }))).to.equal('queued');
    expect(standing(doc('B'), state({ submissionStatus: 'sending' }))).to.equal('queued');
    expect(standing(doc('B'), state({ validUntil: TODAY }))).to.equal('queued');
    expect(standing(doc('B'), state({ validUntil: '2026-06-16' }))).to.equal('differs');
  });

  it('wants a child gone from the SSD purged while the API may hold it, and marks its purge pending', () => {
    expect(standing(gone, undefined)).to.equal('outside');
    expect(standing(gone, state({ rowState: 'deleted', submissionStatus: 'sent', previousHash: 'P' }))).to.equal('outside');
    expect(standing(gone, state({ rowState: 'deleted', submissionStatus: 'error', previousHash: 'A' })), 'its purge was refused').to.equal('extra');
    expect(standing(gone, state({ previousHash: null, uncertain: true })), 'an offer never answered').to.equal('extra');
    const { discrepancy } = reconcileChild(child(gone, state({})), makePurge, TODAY);
    expect(discrepancy?.mark).to.include({ rowState: 'deleted', submissionStatus: 'pending', hash: 'P', legacyId: 'L1' });
  });
});
