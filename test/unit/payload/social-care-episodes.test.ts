import { createBuildContext } from '../../../src/payload/build-context.js';
import type { EpisodePart } from '../../../src/payload/sections/episode-part.js';
import { buildSocialCareEpisodes, EPISODE_PARTS } from '../../../src/payload/sections/social-care-episodes.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';
import { childRows, episode, WINDOW } from './fixtures.js';
import { expect } from 'chai';

function build(episodes: SsdRow[], parts?: readonly EpisodePart[]) {
  const ctx = createBuildContext(childRows({ ssd_cin_episodes: episodes }), WINDOW);
  return { episodes: buildSocialCareEpisodes(ctx, parts), problems: ctx.problems };
}

describe('social_care_episodes', () => {
  it('keeps only referrals overlapping the window', () => {
    const { episodes } = build([
      episode({ cine_referral_id: 'IN1' }),
      episode({ cine_referral_id: 'OLD', cine_referral_date: '2021-01-01', cine_close_date: '2024-03-31' }),
      episode({ cine_referral_id: 'EDGE', cine_referral_date: '2021-01-01', cine_close_date: '2024-04-01' }),
      episode({ cine_referral_id: 'FUTURE', cine_referral_date: '2026-08-12' }),
      episode({ cine_referral_id: 'NODATE', cine_referral_date: null }),
    ]);
    expect(episodes.map((e) => e.social_care_episode_id)).to.deep.equal(['EDGE', 'IN1']);
  });

  it('sorts by referral date, then id', () => {
    const { episodes } = build([
      episode({ cine_referral_id: 'B', cine_referral_date: '2025-03-01' }),
      episode({ cine_referral_id: 'C', cine_referral_date: '2024-05-01' }),
      episode({ cine_referral_id: 'A', cine_referral_date: '2025-03-01' }),
    ]);
    expect(episodes.map((e) => e.social_care_episode_id)).to.deep.equal(['C', 'A', 'B']);
  });

  it('maps the scalars and leaves out what is null', () => {
    const { episodes } = build([
      episode({
        cine_referral_id: 1234,
        cine_referral_source_code: '3F9',
        cine_referral_nfa: 'y',
        cine_close_date: '2025-06-30',
        cine_close_reason: ' RC7 ',
      }),
      episode({ cine_referral_id: 'R2', cine_referral_source_code: 'ZZ', cine_referral_nfa: '?' }),
    ]);
    expect(episodes).to.deep.equal([
      {
        social_care_episode_id: '1234',
        referral_date: '2025-01-10',
        referral_source: '3F',
        closure_date: '2025-06-30',
        closure_reason: 'RC7',
        referral_no_further_action_flag: true,
        purge: false,
      },
      { social_care_episode_id: 'R2', referral_date: '2025-01-10', purge: false },
    ]);
  });

  it('keeps the first 3 characters of a closure reason, with a warning naming the episode', () => {
    const { episodes, problems } = build([episode({ cine_close_date: '2025-02-01', cine_close_reason: 'RC8 - other' })]);
    expect(episodes[0]?.closure_reason).to.equal('RC8');
    expect(problems).to.deep.equal([
      {
        path: 'social_care_episodes[0].closure_reason',
        rule: 'truncated',
        severity: 'warning',
        detail: 'episode R1: length 11; first 3 characters kept',
      },
    ]);
  });

  it('reports an id over 36 characters or with other characters as an error', () => {
    const long = 'X'.repeat(37);
    const { episodes, problems } = build([
      episode({ cine_referral_id: long, cine_referral_date: '2025-01-01' }),
      episode({ cine_referral_id: 'R.2', cine_referral_date: '2025-01-02' }),
      episode({ cine_referral_id: 'ok_id-3', cine_referral_date: '2025-01-03' }),
    ]);
    expect(episodes).to.have.length(3);
    expect(problems.map((p) => [p.path, p.rule, p.severity])).to.deep.equal([
      ['social_care_episodes[0].social_care_episode_id', 'maxLength', 'error'],
      ['social_care_episodes[1].social_care_episode_id', 'pattern', 'error'],
    ]);
    expect(problems[1]?.detail).to.equal('episode "R.2": characters outside [A-Za-z0-9_-]: punctuation');
  });

  it('reports and leaves out an in-window referral with no id', () => {
    const { episodes, problems } = build([episode({ cine_referral_id: null })]);
    expect(episodes).to.deep.equal([]);
    expect(problems[0]).to.include({ path: 'social_care_episodes', rule: 'required', severity: 'error' });
  });

  it('merges the keys of every episode part, so sub-lists can be added as parts', () => {
    const plans: EpisodePart = (source) => ({
      child_in_need_plans: [{ child_in_need_plan_id: `P-${source.id}`, purge: false }],
    });
    const empty: EpisodePart = () => ({ child_protection_plans: [], adoption: null });
    const { episodes } = build([episode()], [...EPISODE_PARTS, plans, empty]);
    expect(episodes[0]?.child_in_need_plans).to.deep.equal([{ child_in_need_plan_id: 'P-R1', purge: false }]);
    expect(episodes[0]).to.not.have.any.keys('child_protection_plans', 'adoption');
    expect(episodes[0]?.referral_source).to.equal('1A');
  });
});
