import { addDays, addYears } from '../../../src/core/iso-date.js';
import { reportingWindow } from '../../../src/payload/reporting-window.js';
import { watchWindow } from '../../../src/payload/window-watch.js';
import { expect } from 'chai';

describe('reportingWindow', () => {
  it('follows the payload.md example (2026-08-10)', () => {
    const w = reportingWindow('2026-08-10');
    expect(w).to.deep.equal({
      today: '2026-08-10',
      start: '2024-04-01',
      end: '2026-08-11',
      censusDates: ['2025-03-31', '2026-03-31'],
    });
  });

  it('goes back to the previous April when the anchor falls in January..March', () => {
    const w = reportingWindow('2026-02-15');
    expect(w.start).to.equal('2023-04-01');
    expect(w.end).to.equal('2026-02-16');
  });

  it('yields every 31 March inside a window spanning several calendar years', () => {
    // 2023-04-01 .. 2026-02-16 touches 2023, 2024, 2025 and 2026; trying only the first and
    // last year (as the reference does) would find none of the two census dates.
    expect(reportingWindow('2026-02-15').censusDates).to.deep.equal(['2024-03-31', '2025-03-31']);
    // 2023-04-01 .. 2026-04-01: three census dates, the middle one included.
    expect(reportingWindow('2026-03-31').censusDates).to.deep.equal([
      '2024-03-31',
      '2025-03-31',
      '2026-03-31',
    ]);
  });

  it('moves its start on 1 April', () => {
    expect(reportingWindow('2026-03-31').start).to.equal('2023-04-01');
    expect(reportingWindow('2026-04-01').start).to.equal('2024-04-01');
  });

  it('crosses month, year and leap-day boundaries for the end', () => {
    expect(reportingWindow('2026-12-31').end).to.equal('2027-01-01');
    expect(reportingWindow('2028-02-28').end).to.equal('2028-02-29');
    expect(reportingWindow('2027-02-28').end).to.equal('2027-03-01');
  });

  it('refuses a malformed or impossible today', () => {
    expect(() => reportingWindow('2026-8-10')).to.throw(RangeError);
    expect(() => reportingWindow('2026-02-30')).to.throw(RangeError);
  });
});

describe('window comparisons', () => {
  const w = watchWindow(reportingWindow('2026-08-10')); // 2024-04-01 .. 2026-08-11
  const cases: [string | null, string | null, boolean][] = [
    ['2025-01-01', null, true],
    ['2025-01-01', '2025-02-01', true],
    ['2020-01-01', '2024-04-01', true], // ends on the window start
    ['2020-01-01', '2024-03-31', false], // ends the day before
    ['2026-08-11', null, true], // starts on the window end
    ['2026-08-12', null, false], // starts the day after
    ['2020-01-01', null, true], // still open
    [null, null, false], // no start: cannot be placed in time
    [null, '2025-01-01', false],
  ];
  for (const [start, end, expected] of cases) {
    it(`${start}..${end} -> ${expected}`, () => {
      expect(w.overlaps(start, end)).to.equal(expected);
    });
  }

  it('contains() includes both bounds and refuses null', () => {
    expect(w.contains('2024-04-01')).to.equal(true);
    expect(w.contains('2026-08-11')).to.equal(true);
    expect(w.contains('2024-03-31')).to.equal(false);
    expect(w.contains('2026-08-12')).to.equal(false);
    expect(w.contains(null)).to.equal(false);
  });
});

describe('iso-date arithmetic', () => {
  it('adds years like SQL Server DATEADD (29 Feb clamps to 28 Feb)', () => {
    expect(addYears('2000-02-29', 26)).to.equal('2026-02-28');
    expect(addYears('2000-02-29', 28)).to.equal('2028-02-29');
    expect(addYears('2010-05-31', 16)).to.equal('2026-05-31');
  });

  it('adds negative and overflowing days', () => {
    expect(addDays('2026-01-01', -1)).to.equal('2025-12-31');
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
  });
});
