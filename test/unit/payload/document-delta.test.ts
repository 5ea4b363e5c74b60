import { expect } from 'chai';
import { applyDocument, byItemId } from '../../../src/payload/apply-document.js';
import { buildChildDocument } from '../../../src/payload/build-child-document.js';
import { deltaBody, documentDelta, type PayloadMode } from '../../../src/payload/document-delta.js';
import type { JsonObject } from '../../../src/payload/document-shape.js';
import { sharedDocumentValidator } from '../../../src/payload/document-validator.js';
import { reportingWindow } from '../../../src/payload/reporting-window.js';
import { Random } from '../../../src/simulate/random.js';
import { randomChild } from '../../helpers/random-child.js';

/** Built documents of random children (ids from small pools, so pairs share items). */
function randomDocuments(count: number, seed: number): JsonObject[] {
  const r = new Random(seed);
  const docs: JsonObject[] = [];
  for (let i = 0; docs.length < count; i += 1) {
    const today = r.dateBetween('2025-06-01', '2027-06-01');
    const doc = buildChildDocument(randomChild(seed * 100_000 + i, today), reportingWindow(today)).document;
    if (doc !== null) docs.push(doc as unknown as JsonObject);
  }
  return docs;
}

const episode = (id: string, extra: JsonObject = {}): JsonObject => ({ social_care_episode_id: id, referral_date: '2025-01-01', purge: false, ...extra });
const base = (episodes: JsonObject[], extra: JsonObject = {}): JsonObject => ({
  la_child_id: 'C1', purge: false, child_details: { sex: 'F', disabilities: ['NONE'], uasc_flag: false, purge: false }, social_care_episodes: episodes, ...extra,
});

describe('document delta and the receiver merge rule', () => {
  const docs = randomDocuments(160, 3);

  for (const mode of ['partial', 'full'] as PayloadMode[]) {
    it(`${mode}: applying the delta to the previous document gives the current one (random pairs)`, () => {
      let checked = 0;
      for (let i = 0; i + 1 < docs.length; i += 1) {
        for (const [previous, current] of [[docs[i], docs[i + 1]], [docs[i + 1], docs[i]], [docs[i], docs[(i * 7) % docs.length]]] as Array<[JsonObject, JsonObject]>) {
          const delta = documentDelta(previous, current, mode);
          expect(byItemId(applyDocument(previous, delta) as JsonObject), `pair ${i}`).to.deep.equal(byItemId(current));
          expect(sharedDocumentValidator().validate(delta), `pair ${i}: the delta meets the contract`).to.deep.equal([]);
          checked += 1;
        }
      }
      expect(checked).to.be.greaterThan(400);
    });
  }

  it('with unconfirmed offers: whatever the receiver applied, the body brings it to the current document', () => {
    let checked = 0;
    for (let i = 0; i + 3 < docs.length; i += 4) {
      const [previous, first, second, current] = docs.slice(i, i + 4) as [JsonObject, JsonObject, JsonObject, JsonObject];
      for (const mode of ['partial', 'full'] as PayloadMode[]) {
        const body = JSON.parse(deltaBody(JSON.stringify(previous), JSON.stringify(current), mode, JSON.stringify([first, second]))) as JsonObject;
        for (const held of [previous, first, second]) {
          expect(byItemId(applyDocument(held, body) as JsonObject), `group ${i}, ${mode}`).to.deep.equal(byItemId(current));
          checked += 1;
        }
      }
    }
    expect(checked).to.be.greaterThan(200);
  });

  it('partial: sends the ids and child_details always, only changed items, and purges removed ones', () => {
    const previous = base([episode('R1'), episode('R2', { child_in_need_plans: [{ child_in_need_plan_id: 'P1', start_date: '2025-02-01', purge: false }, { child_in_need_plan_id: 'P2', start_date: '2025-03-01', purge: false }] }), episode('R3')], { mis_child_id: 'M1', health_and_wellbeing: { sdq_assessments: [{ date: '2025-01-01', score: 3 }], purge: false } });
    const current = base([episode('R1'), episode('R2', { child_in_need_plans: [{ child_in_need_plan_id: 'P1', start_date: '2025-02-01', purge: false }] }), episode('R4')], { mis_child_id: 'M1' });
    expect(documentDelta(previous, current, 'partial')).to.deep.equal({
      la_child_id: 'C1', mis_child_id: 'M1', purge: false, child_details: current.child_details,
      health_and_wellbeing: { purge: true },
      social_care_episodes: [
        { social_care_episode_id: 'R2', referral_date: '2025-01-01', purge: false, child_in_need_plans: [{ child_in_need_plan_id: 'P2', purge: true }] },
        episode('R4'),
        { social_care_episode_id: 'R3', purge: true },
      ],
    });
  });

  it('full: the whole current document plus purges for what the receiver holds and is gone', () => {
    const previous = base([episode('R1', { adoption: { matched_date: '2025-05-01', purge: false } }), episode('R2')]);
    const current = base([episode('R1')]);
    expect(documentDelta(previous, current, 'full')).to.deep.equal(base([{ ...episode('R1'), adoption: { purge: true } }, { social_care_episode_id: 'R2', purge: true }]));
  });

  it('sends a new child, a returning child and a purge as they are', () => {
    const current = base([episode('R1')]);
    expect(documentDelta(null, current, 'partial')).to.equal(current);
    expect(documentDelta({ la_child_id: 'C1', purge: true }, current, 'partial')).to.equal(current);
    const purge = { la_child_id: 'C1', purge: true };
    expect(documentDelta(current, purge, 'partial')).to.equal(purge);
  });

  it('the merge rule: a child purge removes the child; a block or item not sent stays', () => {
    const held = base([episode('R1', { care_leavers: { activity: 'F2', purge: false } })]);
    expect(applyDocument(held, { la_child_id: 'C1', purge: true })).to.equal(undefined);
    const merged = applyDocument(held, { la_child_id: 'C1', purge: false, child_details: held.child_details }) as JsonObject;
    expect(merged).to.deep.equal(held);
  });
});
