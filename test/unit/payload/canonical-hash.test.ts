import { createDocumentHasher, type DocumentHasher } from '../../../src/payload/canonical-hash.js';
import xxhash from 'xxhash-wasm';
import { expect } from 'chai';

describe('canonical hash', () => {
  let hasher: DocumentHasher;
  before(async () => {
    hasher = await createDocumentHasher();
  });

  const doc = {
    la_child_id: 'C1',
    purge: false,
    child_details: { sex: 'F', disabilities: ['NONE'], uasc_flag: false, purge: false },
    social_care_episodes: [{ social_care_episode_id: 'R1', referral_date: '2025-01-10', purge: false }],
  };
  const reordered = {
    social_care_episodes: [{ purge: false, referral_date: '2025-01-10', social_care_episode_id: 'R1' }],
    child_details: { purge: false, uasc_flag: false, disabilities: ['NONE'], sex: 'F' },
    purge: false,
    la_child_id: 'C1',
  };

  it('gives the same json and hash whatever the key order', () => {
    expect(hasher.hash(reordered)).to.deep.equal(hasher.hash(doc));
  });

  it('writes keys sorted at every level', () => {
    expect(hasher.hash({ b: 1, a: { d: 2, c: 3 } }).json).to.equal('{"a":{"c":3,"d":2},"b":1}');
  });

  it('changes the hash when any value changes', () => {
    const base = hasher.hash(doc).hash;
    const variants = [
      { ...doc, la_child_id: 'C2' },
      { ...doc, purge: true },
      { ...doc, child_details: { ...doc.child_details, disabilities: ['MOB'] } },
      { ...doc, social_care_episodes: [{ ...doc.social_care_episodes[0], referral_date: '2025-01-11' }] },
    ];
    for (const variant of variants) expect(hasher.hash(variant).hash).to.not.equal(base);
  });

  it('changes the hash when list order changes (lists are sorted by the builder)', () => {
    expect(hasher.hash({ a: ['x', 'y'] }).hash).to.not.equal(hasher.hash({ a: ['y', 'x'] }).hash);
  });

  it('is 16 lower-case hex characters, and stable across hashers', async () => {
    const { hash } = hasher.hash(doc);
    expect(hash).to.match(/^[0-9a-f]{16}$/);
    const other = await createDocumentHasher();
    expect(other.hash(doc).hash).to.equal(hash);
  });

  it('is xxHash64 (h64ToString) of the canonical JSON string itself', async () => {
    const { h64ToString } = await xxhash();
    const { json, hash } = hasher.hash(reordered);
    expect(hash).to.equal(h64ToString(json));
    expect(h64ToString('')).to.equal('ef46db3751d8e999'); // XXH64 reference vector, seed 0
  });
});
