import { expect } from 'chai';
import { createBuildContext } from '../../../src/payload/build-context.js';
import { parseFactors, sortedDistinctFactors } from '../../../src/payload/sections/assessment-factors.js';
import { childAndFamilyAssessments } from '../../../src/payload/sections/child-and-family-assessments.js';
import { buildSocialCareEpisodes, EPISODE_PARTS } from '../../../src/payload/sections/social-care-episodes.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, episode, WINDOW } from './fixtures.js';

const EPISODE = { row: episode(), id: 'R1', path: 'social_care_episodes[0]' };

function assessment(overrides: Record<string, string | number | null> = {}): SsdRow {
  return {
    cina_assessment_id: 'A1',
    cina_referral_id: 'R1',
    cina_assessment_start_date: '2025-02-01',
    cina_assessment_auth_date: '2025-03-01',
    ...overrides,
  };
}

function factorRow(assessmentId: string, json: string | null): SsdRow {
  return { cinf_table_id: `T-${assessmentId}`, cinf_assessment_id: assessmentId, cinf_assessment_factors_json: json };
}

function build(assessments: SsdRow[], factors: SsdRow[] = []) {
  const ctx = createBuildContext(
    childRows({ ssd_cin_assessments: assessments, ssd_assessment_factors: factors }),
    WINDOW,
  );
  const list = childAndFamilyAssessments(EPISODE, ctx).child_and_family_assessments ?? [];
  return { list, problems: ctx.problems };
}

describe('child_and_family_assessments', () => {
  const windowCases: [string, Record<string, string | null>, boolean][] = [
    ['start and authorisation in window', {}, true],
    ['start before window, authorised in it', { cina_assessment_start_date: '2024-03-01', cina_assessment_auth_date: '2024-04-01' }, true],
    ['started in window, never authorised', { cina_assessment_start_date: '2026-08-11', cina_assessment_auth_date: null }, true],
    ['no start, authorised in window', { cina_assessment_start_date: null, cina_assessment_auth_date: '2025-01-01' }, true],
    ['both before the window', { cina_assessment_start_date: '2024-01-01', cina_assessment_auth_date: '2024-03-31' }, false],
    ['start after the window end', { cina_assessment_start_date: '2026-08-12', cina_assessment_auth_date: null }, false],
    ['no dates at all', { cina_assessment_start_date: null, cina_assessment_auth_date: null }, false],
  ];
  for (const [name, overrides, kept] of windowCases) {
    it(`window: ${name} -> ${kept ? 'kept' : 'left out'}`, () => {
      expect(build([assessment(overrides)]).list).to.have.length(kept ? 1 : 0);
    });
  }

  it('keeps only assessments of this referral (ids compared as text)', () => {
    const numeric = { ...EPISODE, id: '77' };
    const ctx = createBuildContext(
      childRows({
        ssd_cin_assessments: [assessment({ cina_referral_id: 77 }), assessment({ cina_assessment_id: 'A2', cina_referral_id: 'R9' })],
      }),
      WINDOW,
    );
    const list = childAndFamilyAssessments(numeric, ctx).child_and_family_assessments ?? [];
    expect(list.map((a) => a.child_and_family_assessment_id)).to.deep.equal(['A1']);
  });

  it('maps every key, with factors [] and purge false, and sorts by start date then id', () => {
    const { list, problems } = build([
      assessment({ cina_assessment_id: 'B', cina_assessment_start_date: '2025-05-01' }),
      assessment({ cina_assessment_id: 'C', cina_assessment_start_date: '2024-05-01', cina_assessment_auth_date: null }),
      assessment({ cina_assessment_id: 'A', cina_assessment_start_date: '2025-05-01' }),
    ]);
    expect(list).to.deep.equal([
      { child_and_family_assessment_id: 'C', start_date: '2024-05-01', factors: [], purge: false },
      { child_and_family_assessment_id: 'A', start_date: '2025-05-01', authorisation_date: '2025-03-01', factors: [], purge: false },
      { child_and_family_assessment_id: 'B', start_date: '2025-05-01', authorisation_date: '2025-03-01', factors: [], purge: false },
    ]);
    expect(problems).to.deep.equal([]);
  });

  const factorCases: [string, (string | null)[], string[]][] = [
    ['SQL NULL', [null], []],
    ['blank', ['   '], []],
    ["text 'null'", ['null'], []],
    ["padded ' NULL '", [' NULL '], []],
    ['empty array', ['[]'], []],
    ['Eclipse padding nulls', ['["1A",null,null]'], ['1A']],
    ['duplicates and blanks', ['["2B"," 1A","1A ","", "  ","2B"]'], ['1A', '2B']],
    ['unsorted, numeric order', ['["10A","21","2B","1A","20"]'], ['1A', '2B', '10A', '20', '21']],
    ['bare numbers', ['[21, 20]'], ['20', '21']],
    ['two rows merged', ['["3C"]', '["1A","3C"]'], ['1A', '3C']],
  ];
  for (const [name, values, expected] of factorCases) {
    it(`factors: ${name} -> ${JSON.stringify(expected)}`, () => {
      const { list, problems } = build([assessment()], values.map((v) => factorRow('A1', v)));
      expect(list[0]?.factors).to.deep.equal(expected);
      expect(problems).to.deep.equal([]);
    });
  }

  it('factors: rows of another assessment are not used', () => {
    const { list } = build([assessment()], [factorRow('A2', '["1A"]')]);
    expect(list[0]?.factors).to.deep.equal([]);
  });

  it('factors: text that is not JSON is a warning and []', () => {
    const { list, problems } = build([assessment()], [factorRow('A1', '1A, 2B')]);
    expect(list[0]?.factors).to.deep.equal([]);
    expect(problems).to.deep.equal([
      {
        path: 'social_care_episodes[0].child_and_family_assessments[0].factors',
        rule: 'format',
        severity: 'warning',
        detail: 'assessment A1: cinf_assessment_factors_json not JSON; ignored',
      },
    ]);
  });

  it('factors: JSON that is not an array is a warning and []', () => {
    const { list, problems } = build([assessment()], [factorRow('A1', '{"1A":true}')]);
    expect(list[0]?.factors).to.deep.equal([]);
    expect(problems.map((p) => [p.rule, p.severity])).to.deep.equal([['format', 'warning']]);
  });

  it('factors: a code over 3 characters is an error, kept unaltered', () => {
    const { list, problems } = build([assessment()], [factorRow('A1', '["1A","21AB"]')]);
    expect(list[0]?.factors).to.deep.equal(['1A', '21AB']);
    expect(problems).to.deep.equal([
      {
        path: 'social_care_episodes[0].child_and_family_assessments[0].factors',
        rule: 'maxLength',
        severity: 'error',
        detail: 'assessment A1: factor "21AB" has length 4, over 3',
      },
    ]);
  });

  it('factors: 41 codes are fine, 42 are an error', () => {
    const codes = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `${i + 1}A`));
    expect(build([assessment()], [factorRow('A1', codes(41))]).problems).to.deep.equal([]);
    const over = build([assessment()], [factorRow('A1', codes(42))]);
    expect(over.list[0]?.factors).to.have.length(42);
    expect(over.problems.map((p) => [p.rule, p.severity])).to.deep.equal([['maxItems', 'error']]);
  });

  it('reports an assessment without an id and leaves it out; reports an unfit id and keeps it', () => {
    const { list, problems } = build([
      assessment({ cina_assessment_id: '  ' }),
      assessment({ cina_assessment_id: 'A 1' }),
    ]);
    expect(list.map((a) => a.child_and_family_assessment_id)).to.deep.equal(['A 1']);
    expect(problems.map((p) => [p.path, p.rule, p.severity])).to.deep.equal([
      ['social_care_episodes[0].child_and_family_assessments', 'required', 'error'],
      ['social_care_episodes[0].child_and_family_assessments[0].child_and_family_assessment_id', 'pattern', 'error'],
    ]);
  });

  it('as an episode part: an episode carries its assessments, and none means no key', () => {
    const ctx = createBuildContext(
      childRows({
        ssd_cin_episodes: [episode(), episode({ cine_referral_id: 'R2' })],
        ssd_cin_assessments: [assessment()],
        ssd_assessment_factors: [factorRow('A1', '["1A"]')],
      }),
      WINDOW,
    );
    const [withOne, without] = buildSocialCareEpisodes(ctx, [...EPISODE_PARTS, childAndFamilyAssessments]);
    expect(withOne?.child_and_family_assessments).to.deep.equal([
      { child_and_family_assessment_id: 'A1', start_date: '2025-02-01', authorisation_date: '2025-03-01', factors: ['1A'], purge: false },
    ]);
    expect(without).to.not.have.property('child_and_family_assessments');
  });

  it('parseFactors / sortedDistinctFactors report entries that are not codes', () => {
    expect(parseFactors('["1A", true, {"x":1}]')).to.deep.equal({ codes: ['1A'], unreadable: '2 entries that are not codes' });
    expect(sortedDistinctFactors(['X', '3A', '3A', '1B'])).to.deep.equal(['1B', '3A', 'X']);
  });
});
