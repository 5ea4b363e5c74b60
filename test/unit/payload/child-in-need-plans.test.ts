import { expect } from 'chai';
import { createBuildContext } from '../../../src/payload/build-context.js';
import { childInNeedPlans } from '../../../src/payload/sections/child-in-need-plans.js';
import { buildSocialCareEpisodes } from '../../../src/payload/sections/social-care-episodes.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, episode, WINDOW } from './fixtures.js';

const EPISODE = { row: episode(), id: 'R1', path: 'social_care_episodes[0]' };

function plan(overrides: Record<string, string | number | null> = {}): SsdRow {
  return {
    cinp_cin_plan_id: 'P1',
    cinp_referral_id: 'R1',
    cinp_person_id: 'C1',
    cinp_cin_plan_start_date: '2025-02-01',
    cinp_cin_plan_end_date: null,
    ...overrides,
  };
}

function build(plans: SsdRow[], source = EPISODE) {
  const ctx = createBuildContext(childRows({ ssd_cin_plans: plans }), WINDOW);
  return { list: childInNeedPlans(source, ctx).child_in_need_plans ?? [], problems: ctx.problems };
}

describe('child_in_need_plans', () => {
  const windowCases: [string, Record<string, string | null>, boolean][] = [
    ['open plan started in window', {}, true],
    ['ended on the window start', { cinp_cin_plan_start_date: '2023-01-01', cinp_cin_plan_end_date: '2024-04-01' }, true],
    ['ended the day before the window', { cinp_cin_plan_start_date: '2023-01-01', cinp_cin_plan_end_date: '2024-03-31' }, false],
    ['starts on the window end', { cinp_cin_plan_start_date: '2026-08-11' }, true],
    ['starts after the window end', { cinp_cin_plan_start_date: '2026-08-12' }, false],
    ['no start date', { cinp_cin_plan_start_date: null }, false],
  ];
  for (const [name, overrides, kept] of windowCases) {
    it(`window: ${name} -> ${kept ? 'kept' : 'left out'}`, () => {
      expect(build([plan(overrides)]).list).to.have.length(kept ? 1 : 0);
    });
  }

  it('maps id, dates and purge; sorts by start date then id; ignores other referrals', () => {
    const { list, problems } = build([
      plan({ cinp_cin_plan_id: 'P9', cinp_cin_plan_start_date: '2025-06-01', cinp_cin_plan_end_date: '2025-09-30' }),
      plan({ cinp_cin_plan_id: 'P2', cinp_cin_plan_start_date: '2024-06-01' }),
      plan({ cinp_cin_plan_id: 'P1', cinp_cin_plan_start_date: '2025-06-01' }),
      plan({ cinp_cin_plan_id: 'OTHER', cinp_referral_id: 'R2' }),
    ]);
    expect(list).to.deep.equal([
      { child_in_need_plan_id: 'P2', start_date: '2024-06-01', purge: false },
      { child_in_need_plan_id: 'P1', start_date: '2025-06-01', purge: false },
      { child_in_need_plan_id: 'P9', start_date: '2025-06-01', end_date: '2025-09-30', purge: false },
    ]);
    expect(problems).to.deep.equal([]);
  });

  it('joins on the referral id as text (Mosaic ints, padded text)', () => {
    const { list } = build([plan({ cinp_referral_id: 42, cinp_cin_plan_id: 7 }), plan({ cinp_referral_id: ' 42 ', cinp_cin_plan_id: 'P8' })], {
      ...EPISODE,
      id: '42',
    });
    expect(list.map((p) => p.child_in_need_plan_id)).to.deep.equal(['7', 'P8']);
  });

  it('reports a plan without an id (left out) and an id over 36 characters (kept)', () => {
    const long = 'P'.repeat(37);
    const { list, problems } = build([plan({ cinp_cin_plan_id: null }), plan({ cinp_cin_plan_id: long })]);
    expect(list.map((p) => p.child_in_need_plan_id)).to.deep.equal([long]);
    expect(problems.map((p) => [p.path, p.rule, p.severity])).to.deep.equal([
      ['social_care_episodes[0].child_in_need_plans', 'required', 'error'],
      ['social_care_episodes[0].child_in_need_plans[0].child_in_need_plan_id', 'maxLength', 'error'],
    ]);
  });

  it('is registered: the episode carries the list, and an episode with none has no key', () => {
    const ctx = createBuildContext(
      childRows({ ssd_cin_episodes: [episode(), episode({ cine_referral_id: 'R2' })], ssd_cin_plans: [plan()] }),
      WINDOW,
    );
    const [withPlan, without] = buildSocialCareEpisodes(ctx);
    expect(withPlan?.child_in_need_plans).to.deep.equal([{ child_in_need_plan_id: 'P1', start_date: '2025-02-01', purge: false }]);
    expect(without).to.not.have.property('child_in_need_plans');
  });
});
