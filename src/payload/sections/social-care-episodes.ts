import type { SsdRow } from '../../source/ssd-row.js';
import type { BuildContext } from '../build-context.js';
import type { SocialCareEpisode } from '../child-document.js';
import { CIN_EPISODES, cinEpisodeId, cinEpisodeInWindow } from '../cin-episode.js';
import { compact } from '../compact.js';
import { compareText, dateValue } from '../field-conversions.js';
import { itemIdProblems } from '../identifiers.js';
import { column, tableRows } from '../table-rows.js';
import type { EpisodePart, EpisodeSource } from './episode-part.js';
import { childAndFamilyAssessments } from './child-and-family-assessments.js';
import { childInNeedPlans } from './child-in-need-plans.js';
import { LOOKED_AFTER_PARTS } from './looked-after-parts.js';
import { childProtectionPlans } from './child-protection-plans.js';
import { episodeScalars } from './episode-scalars.js';
import { section47Assessments } from './section-47-assessments.js';
import type { SectionBuilder } from './section-builder.js';

/** The parts every episode is built from, in order. Sub-lists are appended here. */
export const EPISODE_PARTS: readonly EpisodePart[] = [
  episodeScalars,
  childAndFamilyAssessments,
  childInNeedPlans,
  section47Assessments,
  childProtectionPlans,
  ...LOOKED_AFTER_PARTS,
];

/**
 * `social_care_episodes[]`: the child's referrals overlapping the window, sorted by referral
 * date then id (the input order is arbitrary, the document must not be). A referral without an
 * id cannot be sent (the id is required) and is reported and left out; an id the contract
 * rejects is reported as an error but kept, so the caller sees the invalid child as it is.
 */
export function buildSocialCareEpisodes(
  ctx: BuildContext,
  parts: readonly EpisodePart[] = EPISODE_PARTS,
): SocialCareEpisode[] {
  return selectEpisodes(ctx).map((source) => {
    for (const problem of itemIdProblems(source.id, `${source.path}.social_care_episode_id`)) {
      ctx.report({ ...problem, detail: `episode ${JSON.stringify(source.id)}: ${problem.detail}` });
    }
    const keys = parts.map((part) => part(source, ctx));
    return compact<SocialCareEpisode>(
      Object.assign({}, ...keys, { social_care_episode_id: source.id, purge: false }),
    );
  });
}

/** {@link buildSocialCareEpisodes} as a top-level section. */
export const socialCareEpisodesSection: SectionBuilder = (ctx) => ({
  social_care_episodes: buildSocialCareEpisodes(ctx),
});

/** In-window referrals with an id, sorted, with their document paths. */
function selectEpisodes(ctx: BuildContext): EpisodeSource[] {
  const withIds: { row: SsdRow; id: string; date: string }[] = [];
  for (const row of tableRows(ctx.rows, CIN_EPISODES)) {
    if (!cinEpisodeInWindow(row, ctx.window)) continue;
    const id = cinEpisodeId(row);
    if (id === null) {
      ctx.report({
        path: 'social_care_episodes',
        rule: 'required',
        severity: 'error',
        detail: 'a referral in the window has no cine_referral_id; left out',
      });
      continue;
    }
    // In-window rows always have a referral date: overlaps() refuses a null start.
    withIds.push({ row, id, date: dateValue(column(row, 'cine_referral_date')) ?? '' });
  }
  withIds.sort((a, b) => compareText(a.date, b.date) || compareText(a.id, b.id));
  return withIds.map(({ row, id }, index) => ({ row, id, path: `social_care_episodes[${index}]` }));
}
