import { expect } from 'chai';
import { addYears, fromDayNumber, toDayNumber } from '../../src/core/day-number.js';
import { addDays } from '../../src/core/iso-date.js';
import { mixSeed, Random } from '../../src/simulate/random.js';

describe('synthetic random and dates', () => {
  it('repeats the same sequence for a seed and differs for another seed', () => {
    const draw = (seed: number): number[] => {
      const rng = new Random(seed);
      return Array.from({ length: 50 }, () => rng.next());
    };
    expect(draw(42)).to.deep.equal(draw(42));
    expect(draw(42)).to.not.deep.equal(draw(43));
  });

  it('keeps int, pick, chance, weighted, sample and dateBetween inside their bounds', () => {
    const rng = new Random(7);
    const ints = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(3, 6);
      expect(n).to.be.within(3, 6);
      ints.add(n);
      expect(['a', 'b']).to.include(rng.pick(['a', 'b']));
      expect(rng.weighted([['x', 1], ['y', 0]])).to.equal('x');
      const day = rng.dateBetween('2024-02-27', '2024-03-02');
      expect(day >= '2024-02-27' && day <= '2024-03-02').to.equal(true);
    }
    expect([...ints].sort()).to.deep.equal([3, 4, 5, 6]);
    const hits = Array.from({ length: 4000 }, () => rng.chance(0.25)).filter(Boolean).length;
    expect(hits).to.be.within(800, 1200);
    const sample = rng.sample([1, 2, 3, 4, 5], 3);
    expect(new Set(sample).size).to.equal(3);
    expect(() => rng.pick([])).to.throw();
  });

  it('mixes seeds so that large and nearby seeds give different streams', () => {
    expect(mixSeed(1, 2)).to.not.equal(mixSeed(2, 1));
    expect(mixSeed(5_000_000_001)).to.not.equal(mixSeed(1));
    expect(mixSeed(3)).to.equal(mixSeed(3));
  });

  it('converts day numbers exactly like Date over many years', () => {
    for (let day = toDayNumber('1899-12-25'); day < toDayNumber('2060-01-10'); day += 13) {
      const expected = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(fromDayNumber(day)).to.equal(expected);
      expect(toDayNumber(expected)).to.equal(day);
    }
    expect(fromDayNumber(addYears(toDayNumber('2024-02-29'), 1))).to.equal('2025-02-28');
    expect(fromDayNumber(addYears(toDayNumber('2008-08-10'), 18))).to.equal('2026-08-10');
    expect(addDays('2026-03-01', -1)).to.equal('2026-02-28');
    expect(() => toDayNumber('2026-8-1')).to.throw();
  });
});
