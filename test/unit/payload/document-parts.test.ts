import { expect } from 'chai';
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

  it('counts only the topmost part lost (an episode, not its plans), blocks of kept nodes, fewer care workers, and sections emptied', () => {
    const held = child([
      episode('E1', { child_in_need_plans: [{ child_in_need_plan_id: 'P1' }, { child_in_need_plan_id: 'P2' }], care_worker_details: [{ worker_id: 'W1' }], adoption: { purge: false } }),
      episode('E2', { child_in_need_plans: [{ child_in_need_plan_id: 'P3' }], care_worker_details: [{ worker_id: 'W2' }, { worker_id: 'W3' }], care_leavers: { purge: false } }),
    ], { health_and_wellbeing: { purge: false } });
    const current = child([episode('E2', { child_in_need_plans: [{ child_in_need_plan_id: 'P3' }], care_worker_details: [{ worker_id: 'W9' }] })]);
    const loss = partsLost(held, current);
    expect(Object.fromEntries(loss.purged)).to.deep.equal({ social_care_episodes: 1, care_leavers: 1, health_and_wellbeing: 1, care_worker_details: 1 });
    expect(loss.emptied.sort(), 'not the adoption block, which went with its episode').to.deep.equal(['care_leavers', 'health_and_wellbeing']);
    expect(partsLost(held, held)).to.deep.equal({ purged: new Map(), emptied: [] });
    expect(partsOf({ la_child_id: 'C1', purge: true }).size).to.equal(0);
  });

  it('counts exactly the purges a full delta sends, plus the care workers each kept episode loses (random pairs of built documents)', () => {
    const r = new Random(5);
    const docs: JsonObject[] = [];
    for (let i = 0; docs.length < 120; i += 1) {
      const today = r.dateBetween('2025-06-01', '2027-06-01');
      const doc = buildChildDocument(randomChild(500_000 + i, today), reportingWindow(today)).document;
      if (doc !== null) docs.push(doc as unknown as JsonObject);
    }
    /** `purge: true` markers below the child in a delta (each item or block it takes away). */
    const purges = (node: unknown, top = true): number => {
      if (Array.isArray(node)) return node.reduce((n: number, item) => n + purges(item, false), 0);
      if (typeof node !== 'object' || node === null) return 0;
      const own = !top && (node as JsonObject).purge === true && Object.keys(node as JsonObject).length <= 2 ? 1 : 0;
      return own + Object.values(node as JsonObject).reduce((n: number, v) => n + purges(v, false), 0);
    };
    const workers = (doc: JsonObject): Map<unknown, number> =>
      new Map(((doc.social_care_episodes ?? []) as JsonObject[]).map((e) => [e.social_care_episode_id, ((e.care_worker_details ?? []) as unknown[]).length]));
    let lost = 0;
    for (let i = 0; i + 1 < docs.length; i += 1) {
      const [held, current] = [docs[i] as JsonObject, docs[i + 1] as JsonObject];
      const loss = partsLost(held, current);
      const now = workers(current);
      let fewer = 0;
      for (const [id, n] of workers(held)) if (now.has(id)) fewer += Math.max(0, n - (now.get(id) ?? 0));
      expect([...loss.purged].filter(([k]) => k !== 'care_worker_details').reduce((n, [, v]) => n + v, 0), `pair ${i}: items and blocks`).to.equal(purges(documentDelta(held, current, 'full')));
      expect(loss.purged.get('care_worker_details') ?? 0, `pair ${i}: care workers`).to.equal(fewer);
      lost += loss.purged.size;
    }
    expect(lost, 'pairs that lose something').to.be.greaterThan(20);
  });
});
