import { expect } from 'chai';
import { generateSyntheticLa } from '../../src/simulate/synthetic-la.js';
import { simulatedPersonId } from '../../src/simulate/synthetic-ids.js';

describe('synthetic ids and values never contain 0x', () => {
  for (const seed of [1, 2, 3, 17]) {
    it(`has no '0x' (any case) in any value of 5000 children, seed ${seed}`, () => {
      const la = generateSyntheticLa({ children: 5000, seed, today: '2026-08-10' });
      let checked = 0;
      for (const [table, rows] of Object.entries(la.tables)) {
        for (const row of rows) {
          for (const [column, value] of Object.entries(row)) {
            if (typeof value !== 'string') continue;
            checked++;
            if (/0x/i.test(value)) expect.fail(`${table}.${column} = ${value}`);
          }
        }
      }
      expect(checked).to.be.greaterThan(500_000);
    });
  }

  it('would catch one: the check itself sees 0x and 0X', () => {
    expect(/0x/i.test('A10X2')).to.equal(true);
    expect(/0x/i.test('R10N1')).to.equal(false);
  });

  it('gives simulated children 11-digit ids that base ids can never reach', () => {
    expect(simulatedPersonId(1, 1)).to.equal('90000100001');
    expect(simulatedPersonId(99_999, 99_999)).to.match(/^\d{11}$/);
    expect(() => simulatedPersonId(100_000, 1)).to.throw();
    expect(() => simulatedPersonId(1, 0)).to.throw();
  });
});
