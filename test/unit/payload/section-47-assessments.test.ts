import { expect } from 'chai';
import { createBuildContext } from '../../../src/payload/build-context.js';
import { icpcRequiredFlag, section47Assessments } from '../../../src/payload/sections/section-47-assessments.js';
import { buildSocialCareEpisodes } from '../../../src/payload/sections/social-care-episodes.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, episode, WINDOW } from './fixtures.js';

const EPISODE = { row: episode(), id: 'R1', path: 'social_care_episodes[0]' };

function s47(overrides: Record<string, string | number | null> = {}): SsdRow {
  return {
    s47e_s47_enquiry_id: 'S1',
    s47e_referral_id: 'R1',
    s47e_s47_start_date: '2025-02-01',
    s47e_s47_end_date: '2025-02-20',
    s47e_s47_outcome_json: null,
    ...overrides,
  };
}

function icpc(enquiryId: string | number, date: string | null): SsdRow {
  return { icpc_icpc_id: `I-${enquiryId}-${date}`, icpc_s47_enquiry_id: enquiryId, icpc_icpc_date: date };
}

function build(enquiries: SsdRow[], conferences: SsdRow[] = []) {
  const ctx = createBuildContext(
    childRows({ ssd_s47_enquiry: enquiries, ssd_initial_cp_conference: conferences }),
    WINDOW,
  );
  return { list: section47Assessments(EPISODE, ctx).section_47_assessments ?? [], problems: ctx.problems };
}

describe('section_47_assessments', () => {
  const before = { s47e_s47_start_date: '2023-05-01', s47e_s47_end_date: '2023-06-01' };
  const windowCases: [string, Record<string, string | null>, SsdRow[], boolean][] = [
    ['overlapping, no conference', {}, [], true],
    ['open, started before the window', { s47e_s47_start_date: '2022-01-01', s47e_s47_end_date: null }, [], true],
    ['ended before the window, no conference', before, [], false],
    ['ended before the window, latest ICPC in the window', before, [icpc('S1', '2023-06-10'), icpc('S1', '2024-04-01')], true],
    ['ended before the window, latest ICPC before it', before, [icpc('S1', '2024-03-31'), icpc('S1', '2023-06-10')], false],
    ['no dates, ICPC in the window', { s47e_s47_start_date: null, s47e_s47_end_date: null }, [icpc('S1', '2025-01-01')], true],
    ['no dates, ICPC after the window end', { s47e_s47_start_date: null, s47e_s47_end_date: null }, [icpc('S1', '2026-08-12')], false],
    ['ended before the window, ICPC of another enquiry in it', before, [icpc('S2', '2025-01-01')], false],
  ];
  for (const [name, overrides, conferences, kept] of windowCases) {
    it(`window: ${name} -> ${kept ? 'kept' : 'left out'}`, () => {
      expect(build([s47(overrides)], conferences).list).to.have.length(kept ? 1 : 0);
    });
  }

  it('an S47 pulled in only by its ICPC carries its dates and the ICPC date', () => {
    const { list } = build([s47(before)], [icpc('S1', '2024-05-02')]);
    expect(list).to.deep.equal([
      { section_47_assessment_id: 'S1', start_date: '2023-05-01', end_date: '2023-06-01', icpc_date: '2024-05-02', purge: false },
    ]);
  });

  it('icpc_date is the latest conference of that enquiry (ids compared as text)', () => {
    const { list } = build(
      [s47({ s47e_s47_enquiry_id: 901 }), s47({ s47e_s47_enquiry_id: 'S2', s47e_s47_start_date: '2025-03-01' })],
      [icpc(901, '2025-02-10'), icpc('901', '2025-03-15'), icpc(' 901 ', '2025-03-01'), icpc('901', null), icpc('S9', '2026-01-01')],
    );
    expect(list.map((s) => [s.section_47_assessment_id, s.icpc_date])).to.deep.equal([
      ['901', '2025-03-15'],
      ['S2', undefined],
    ]);
    expect(list[1]).to.not.have.property('icpc_date');
  });

  const flagCases: [string, string | null, boolean | undefined][] = [
    ['CP_CONFERENCE_FLAG Y', '{"CP_CONFERENCE_FLAG":"Y","NFA_FLAG":"N"}', true],
    ['CP_CONFERENCE_FLAG n (any case)', '{"CP_CONFERENCE_FLAG":"n"}', false],
    ['CP_CONFERENCE_FLAG T', '{"CP_CONFERENCE_FLAG":"T"}', true],
    ['CP_CONFERENCE_FLAG 0 as a number', '{"CP_CONFERENCE_FLAG":0}', false],
    ['CP_CONFERENCE_FLAG "true"', '{"CP_CONFERENCE_FLAG":"true"}', true],
    ['CP_CONFERENCE_FLAG JSON false', '{"CP_CONFERENCE_FLAG":false}', false],
    ['Eclipse OUTCOME_CP_CONFERENCE_FLAG 1', '{"OUTCOME_CP_CONFERENCE_FLAG":"1"}', true],
    ['Eclipse OUTCOME_CP_CONFERENCE_FLAG F', '{"OUTCOME_CP_CONFERENCE_FLAG":"F"}', false],
    ['unreadable value', '{"CP_CONFERENCE_FLAG":"maybe"}', undefined],
    ['key absent', '{"NFA_FLAG":"Y"}', undefined],
    ['Mosaic comma-separated text', 'Strategy discussion, Initial child protection conference', undefined],
    ['JSON that is not an object', '["CP_CONFERENCE_FLAG"]', undefined],
    ['NULL', null, undefined],
    ['blank', '  ', undefined],
  ];
  for (const [name, outcome, expected] of flagCases) {
    it(`icpc_required_flag: ${name} -> ${String(expected)}`, () => {
      const { list, problems } = build([s47({ s47e_s47_outcome_json: outcome })]);
      expect(list[0]?.icpc_required_flag).to.equal(expected);
      expect(problems).to.deep.equal([]);
    });
  }

  it('icpc_required_flag: an unreadable CP_CONFERENCE_FLAG falls back to OUTCOME_CP_CONFERENCE_FLAG', () => {
    expect(icpcRequiredFlag('{"CP_CONFERENCE_FLAG":"","OUTCOME_CP_CONFERENCE_FLAG":"Y"}')).to.equal(true);
  });

  it('sorts by start date then id, ignores other referrals, reports a missing id', () => {
    const { list, problems } = build([
      s47({ s47e_s47_enquiry_id: 'B', s47e_s47_start_date: '2025-04-01' }),
      s47({ s47e_s47_enquiry_id: 'A', s47e_s47_start_date: '2025-04-01' }),
      s47({ s47e_s47_enquiry_id: 'C', s47e_s47_start_date: '2024-06-01' }),
      s47({ s47e_s47_enquiry_id: 'D', s47e_referral_id: 'R2' }),
      s47({ s47e_s47_enquiry_id: null }),
    ]);
    expect(list.map((s) => s.section_47_assessment_id)).to.deep.equal(['C', 'A', 'B']);
    expect(problems.map((p) => [p.path, p.rule, p.severity])).to.deep.equal([
      ['social_care_episodes[0].section_47_assessments', 'required', 'error'],
    ]);
  });

  it('is registered: the episode carries the list, and an episode with none has no key', () => {
    const ctx = createBuildContext(
      childRows({ ssd_cin_episodes: [episode(), episode({ cine_referral_id: 'R2' })], ssd_s47_enquiry: [s47()] }),
      WINDOW,
    );
    const [withS47, without] = buildSocialCareEpisodes(ctx);
    expect(withS47?.section_47_assessments).to.deep.equal([
      { section_47_assessment_id: 'S1', start_date: '2025-02-01', end_date: '2025-02-20', purge: false },
    ]);
    expect(without).to.not.have.property('section_47_assessments');
  });
});
