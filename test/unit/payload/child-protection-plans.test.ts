import { expect } from 'chai';
import { createBuildContext } from '../../../src/payload/build-context.js';
import { childProtectionPlans } from '../../../src/payload/sections/child-protection-plans.js';
import { buildSocialCareEpisodes } from '../../../src/payload/sections/social-care-episodes.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, episode, WINDOW } from './fixtures.js';

const EPISODE = { row: episode(), id: 'R1', path: 'social_care_episodes[0]' };

function plan(overrides: Record<string, string | number | null> = {}): SsdRow {
  return {
    cppl_cp_plan_id: 'CP1',
    cppl_referral_id: 'R1',
    cppl_cp_plan_start_date: '2025-02-01',
    cppl_cp_plan_end_date: null,
    ...overrides,
  };
}

function build(plans: SsdRow[]) {
  const ctx = createBuildContext(childRows({ ssd_cp_plans: plans }), WINDOW);
  return { list: childProtectionPlans(EPISODE, ctx).child_protection_plans ?? [], problems: ctx.problems };
}

describe('child_protection_plans', () => {
  const windowCases: [string, Record<string, string | null>, boolean][] = [
    ['open plan started in window', {}, true],
    ['open plan started long before the window', { cppl_cp_plan_start_date: '2019-01-01' }, true],
    ['ended on the window start', { cppl_cp_plan_start_date: '2023-01-01', cppl_cp_plan_end_date: '2024-04-01' }, true],
    ['ended before the window', { cppl_cp_plan_start_date: '2023-01-01', cppl_cp_plan_end_date: '2024-03-31' }, false],
    ['starts after the window end', { cppl_cp_plan_start_date: '2026-08-12' }, false],
    ['no start date', { cppl_cp_plan_start_date: null, cppl_cp_plan_end_date: '2025-01-01' }, false],
  ];
  for (const [name, overrides, kept] of windowCases) {
    it(`window: ${name} -> ${kept ? 'kept' : 'left out'}`, () => {
      expect(build([plan(overrides)]).list).to.have.length(kept ? 1 : 0);
    });
  }

  it('maps id, dates and purge; sorts by start date then id; ignores other referrals', () => {
    const { list, problems } = build([
      plan({ cppl_cp_plan_id: 'B', cppl_cp_plan_start_date: '2025-03-01', cppl_cp_plan_end_date: '2025-12-01' }),
      plan({ cppl_cp_plan_id: 'A', cppl_cp_plan_start_date: '2025-03-01' }),
      plan({ cppl_cp_plan_id: 'Z', cppl_cp_plan_start_date: '2024-05-01' }),
      plan({ cppl_cp_plan_id: 'X', cppl_referral_id: 'R2' }),
    ]);
    expect(list).to.deep.equal([
      { child_protection_plan_id: 'Z', start_date: '2024-05-01', purge: false },
      { child_protection_plan_id: 'A', start_date: '2025-03-01', purge: false },
      { child_protection_plan_id: 'B', start_date: '2025-03-01', end_date: '2025-12-01', purge: false },
    ]);
    expect(problems).to.deep.equal([]);
  });

  it('reports an id with characters outside [A-Za-z0-9_-] as an error and keeps the plan', () => {
    const { list, problems } = build([plan({ cppl_cp_plan_id: 'CP/1' })]);
    expect(list.map((p) => p.child_protection_plan_id)).to.deep.equal(['CP/1']);
    expect(problems).to.deep.equal([
      {
        path: 'social_care_episodes[0].child_protection_plans[0].child_protection_plan_id',
        rule: 'pattern',
        severity: 'error',
        detail: 'child_protection_plan_id "CP/1": characters outside [A-Za-z0-9_-]: punctuation',
      },
    ]);
  });

  it('is registered: the episode carries the list, and an episode with none has no key', () => {
    const ctx = createBuildContext(
      childRows({ ssd_cin_episodes: [episode(), episode({ cine_referral_id: 'R2' })], ssd_cp_plans: [plan()] }),
      WINDOW,
    );
    const [withPlan, without] = buildSocialCareEpisodes(ctx);
    expect(withPlan?.child_protection_plans).to.deep.equal([{ child_protection_plan_id: 'CP1', start_date: '2025-02-01', purge: false }]);
    expect(without).to.not.have.property('child_protection_plans');
  });
});
