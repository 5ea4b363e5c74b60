import { expect } from 'chai';
import { applyDocument } from '../../../src/payload/apply-document.js';
import { buildChildDocument } from '../../../src/payload/build-child-document.js';
import { documentDelta } from '../../../src/payload/document-delta.js';
import { DOCUMENT_PARTS, partsLost, partsOf } from '../../../src/payload/document-parts.js';
import { CHILD_SHAPE, type JsonObject } from '../../../src/payload/document-shape.js';
import { reportingWindow } from '../../../src/payload/reporting-window.js';
import { Random } from '../../../src/simulate/random.js';
import { randomChild } from '../../helpers/random-child.js';

const episode = (id: string, extra: JsonObject = {}): JsonObject => ({ social_care_episode_id: id, referral_date: '2025-01-01', purge: false, ...extra });
const child = (episodes: JsonObject[], extra: JsonObject = {}): JsonObject => ({ la_child_id: 'C1', purge: false, child_details: { sex: 'F', purge: false }, social_care_episodes: episodes, ...extra });

describe('document parts (what a purge can take from the receiver)', () => {
  it('names every list and block of the document shape, and care workers, with the SSD tables they come from', () => {
    const kinds = new Set<string>(['care_worker_details']);
    const walk = (shape: typeof CHILD_SHAPE): void => {
      for (const block of shape.blocks) kinds.add(block);
      for (const [key, { item }] of Object.entries(shape.lists)) {
        kinds.add(key);
        walk(item);
      }
    };
    walk(CHILD_SHAPE);
    expect(Object.keys(DOCUMENT_PARTS).sort()).to.deep.equal([...kinds].sort());
    for (const label of Object.values(DOCUMENT_PARTS)) expect(label).to.match(/\(ssd_[a-z0-9_]+(, ssd_[a-z0-9_]+)*\)$/);
  });

  it('counts items under a purged episode as purged, blocks by presence, and sections emptied', () => {
    const held = child([
      episode('E1', { child_in_need_plans: [{ child_in_need_plan_id: 'P1' }, { child_in_need_plan_id: 'P2' }], care_worker_details: [{ worker_id: 'W1' }], adoption: { purge: false } }),
      episode('E2', { child_in_need_plans: [{ child_in_need_plan_id: 'P3' }], care_worker_details: [{ worker_id: 'W2' }] }),
    ], { health_and_wellbeing: { purge: false } });
    const current = child([episode('E2', { child_in_need_plans: [{ child_in_need_plan_id: 'P3' }] })]);
    const loss = partsLost(held, current);
    expect(Object.fromEntries(loss.purged)).to.deep.equal({ social_care_episodes: 1, child_in_need_plans: 2, adoption: 1, health_and_wellbeing: 1, care_worker_details: 2 });
    expect(loss.emptied.sort()).to.deep.equal(['adoption', 'care_worker_details', 'health_and_wellbeing']);
    expect(partsLost(held, held)).to.deep.equal({ purged: new Map(), emptied: [] });
    expect(partsOf({ la_child_id: 'C1', purge: true }).size).to.equal(0);
  });

  it('says exactly what the receiver loses when it applies the full delta (random pairs of built documents)', () => {
    const r = new Random(5);
    const docs: JsonObject[] = [];
    for (let i = 0; docs.length < 120; i += 1) {
      const today = r.dateBetween('2025-06-01', '2027-06-01');
      const doc = buildChildDocument(randomChild(500_000 + i, today), reportingWindow(today)).document;
      if (doc !== null) docs.push(doc as unknown as JsonObject);
    }
    let lost = 0;
    for (let i = 0; i + 1 < docs.length; i += 1) {
      const [held, current] = [docs[i] as JsonObject, docs[i + 1] as JsonObject];
      const after = partsOf(applyDocument(held, documentDelta(held, current, 'full')) as JsonObject);
      const expected = new Map<string, number>();
      for (const [kind, places] of partsOf(held)) {
        const gone = [...places].filter((p) => !after.get(kind)?.has(p)).length;
        if (gone > 0) expected.set(kind, gone);
      }
      expect(partsLost(held, current).purged, `pair ${i}`).to.deep.equal(expected);
      lost += expected.size;
    }
    expect(lost, 'pairs that lose something').to.be.greaterThan(20);
  });
});
