import { expect } from 'chai';
import { generateSyntheticLa, syntheticLaSlices } from '../../src/simulate/synthetic-la.js';

describe('syntheticLaSlices', () => {
  const options = { children: 230, seed: 9, today: '2026-08-10' };

  it('hands over exactly the rows of the whole LA, in the same order, a few people at a time', () => {
    const whole = generateSyntheticLa(options);
    const slices = [...syntheticLaSlices(options, 50)];
    expect(slices).to.have.length(5);
    for (const [table, rows] of Object.entries(whole.tables)) {
      expect(slices.flatMap((s) => s.tables[table] ?? []), table).to.deep.equal(rows);
    }
    // Each slice holds its own people only.
    expect(slices.map((s) => s.tables.ssd_person?.length)).to.deep.equal([50, 50, 50, 50, 30]);
    // The worker pool comes with the first slice.
    expect(slices.slice(1).every((s) => s.tables.ssd_professionals?.length === 0)).to.equal(true);
  });

  it('gives the worker pool alone for an LA of no children, and refuses a slice of none', () => {
    const slices = [...syntheticLaSlices({ ...options, children: 0 }, 10)];
    expect(slices).to.have.length(1);
    expect(slices[0]?.tables.ssd_professionals?.length).to.be.greaterThan(0);
    expect(() => [...syntheticLaSlices(options, 0)]).to.throw(/at least 1/);
  });

  it('refuses bad options when called, before any slice is asked for (a caller may write first)', () => {
    expect(() => syntheticLaSlices({ ...options, children: Number.NaN }, 10)).to.throw(/whole number/);
  });
});
