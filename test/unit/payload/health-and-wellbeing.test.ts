import { expect } from 'chai';
import { buildChildDocument } from '../../../src/payload/build-child-document.js';
import { createBuildContext } from '../../../src/payload/build-context.js';
import { buildHealthAndWellbeing, sdqScore } from '../../../src/payload/sections/health-and-wellbeing.js';
import type { SsdRow, SsdValue } from '../../../src/source/ssd-row.js';
import { childRows, episode, person, WINDOW } from './fixtures.js';

const sdq = (date: string | null, score: SsdValue): SsdRow => ({ csdq_table_id: 'F1', csdq_person_id: 'C1', csdq_sdq_completed_date: date, csdq_sdq_score: score });

function build(rows: SsdRow[]) {
  const ctx = createBuildContext(childRows({ ssd_sdq_scores: rows }), WINDOW);
  return { block: buildHealthAndWellbeing(ctx), problems: ctx.problems.map((p) => `${p.rule} ${p.severity} ${p.path}`) };
}

describe('health_and_wellbeing', () => {
  const scores: [SsdValue, number | null][] = [
    [12, 12],
    [0, 0],
    [' 17 ', 17],
    ['+3', 3],
    ['12.0', 12],
    [12.5, null],
    ['12.5', null],
    ['twelve', null],
    ['1e3', null],
    [2 ** 53, null],
    ['9007199254740993', null],
    [null, null],
  ];
  for (const [value, expected] of scores) {
    it(`sdqScore(${JSON.stringify(value)}) is ${expected}`, () => {
      expect(sdqScore(value)).to.equal(expected);
    });
  }

  const cases: { name: string; rows: SsdRow[]; expected: object | null; problems?: string[] }[] = [
    { name: 'no SDQ rows: no block', rows: [], expected: null },
    {
      name: 'keeps rows with a score and a completed date in the window, newest first, purge false',
      rows: [sdq('2024-06-01', 10), sdq('2026-08-11', '20'), sdq('2024-04-01', 5), sdq('2025-01-01', 7)],
      expected: {
        sdq_assessments: [
          { date: '2026-08-11', score: 20 },
          { date: '2025-01-01', score: 7 },
          { date: '2024-06-01', score: 10 },
          { date: '2024-04-01', score: 5 },
        ],
        purge: false,
      },
    },
    {
      name: 'drops rows out of the window or without a date or score, silently',
      rows: [sdq('2024-03-31', 10), sdq('2026-08-12', 10), sdq(null, 10), sdq('2025-01-01', null), sdq('2025-01-01', '  ')],
      expected: null,
      problems: [],
    },
    {
      name: 'drops a score that is not a whole number, with a warning; the block stays when others remain',
      rows: [sdq('2025-01-01', 'n/a'), sdq('2025-02-01', 8)],
      expected: { sdq_assessments: [{ date: '2025-02-01', score: 8 }], purge: false },
      problems: ['integer warning health_and_wellbeing.sdq_assessments'],
    },
    {
      name: 'ties on date are ordered by score',
      rows: [sdq('2025-01-01', 9), sdq('2025-01-01', 3)],
      expected: { sdq_assessments: [{ date: '2025-01-01', score: 3 }, { date: '2025-01-01', score: 9 }], purge: false },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { block, problems } = build(c.rows);
      expect(block).to.deep.equal(c.expected);
      expect(problems).to.deep.equal(c.problems ?? []);
    });
  }

  it('is part of the child document, and left out when there are no SDQs', () => {
    const base = { ssd_person: [person()], ssd_cin_episodes: [episode()] };
    const withSdq = buildChildDocument(childRows({ ...base, ssd_sdq_scores: [sdq('2025-01-01', 4)] }), WINDOW).document;
    expect(withSdq?.health_and_wellbeing).to.deep.equal({ sdq_assessments: [{ date: '2025-01-01', score: 4 }], purge: false });
    expect(buildChildDocument(childRows(base), WINDOW).document).to.not.have.property('health_and_wellbeing');
  });
});
