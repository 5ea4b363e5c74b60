import { expect } from 'chai';
import { addDays, addYears, isIsoDate, parseIsoDate } from '../../src/core/iso-date.js';

/** What a calendar date is by JavaScript's Date (the check parseIsoDate did before it counted days). */
function byDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const at = new Date(0);
  at.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return at.toISOString().slice(0, 10) === value;
}

describe('iso-date', () => {
  it('takes exactly the dates JavaScript\'s calendar has: every day 0-32 of every month 0-13 of years around leap rules', () => {
    const years = [0, 4, 100, 400, 1600, 1700, 1899, 1900, 1996, 2000, 2023, 2024, 2025, 2100, 2400, 9999];
    let checked = 0;
    for (const year of years) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const value = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(isIsoDate(value), value).to.equal(byDate(value));
          checked += 1;
        }
      }
    }
    expect(checked).to.equal(years.length * 14 * 33);
  });

  it('refuses what is not YYYY-MM-DD, and gives the parts of what is', () => {
    for (const bad of ['2026-2-01', '2026-02-1', '26-02-01', '2026-02-01T00:00', ' 2026-02-01', '2026/02/01', '']) expect(isIsoDate(bad), bad).to.equal(false);
    expect(parseIsoDate('2024-02-29')).to.deep.equal({ year: 2024, month: 2, day: 29 });
    expect(() => parseIsoDate('2023-02-29')).to.throw(RangeError, 'not a calendar date: 2023-02-29');
  });

  it('adds days across months and years, and years clamped to the end of February', () => {
    expect(addDays('2024-02-28', 1)).to.equal('2024-02-29');
    expect(addDays('2023-12-31', 1)).to.equal('2024-01-01');
    expect(addDays('2024-03-01', -1)).to.equal('2024-02-29');
    expect(addYears('2024-02-29', 1)).to.equal('2025-02-28');
  });
});
