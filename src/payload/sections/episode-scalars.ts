import type { BuildContext } from '../build-context.js';
import { clippedText, dateValue, flagValue, referralSourceCode } from '../field-conversions.js';
import { column } from '../table-rows.js';
import type { EpisodePart, EpisodeSource } from './episode-part.js';

/** OpenAPI maxLength of `closure_reason`. */
const CLOSURE_REASON_MAX = 3;

/**
 * The scalar keys of an episode, all from its `ssd_cin_episodes` row: referral date and
 * source, closure date and reason, and the referral NFA flag.
 */
export const episodeScalars: EpisodePart = (episode, ctx) => ({
  referral_date: dateValue(column(episode.row, 'cine_referral_date')),
  referral_source: referralSourceCode(column(episode.row, 'cine_referral_source_code')),
  closure_date: dateValue(column(episode.row, 'cine_close_date')),
  closure_reason: closureReason(episode, ctx),
  referral_no_further_action_flag: flagValue(column(episode.row, 'cine_referral_nfa')),
});

/** Trimmed closure reason, first 3 characters kept (ssd-tables.md); a cut is reported. */
function closureReason(episode: EpisodeSource, ctx: BuildContext): string | null {
  const { value, originalLength } = clippedText(
    column(episode.row, 'cine_close_reason'),
    CLOSURE_REASON_MAX,
  );
  if (originalLength > CLOSURE_REASON_MAX) {
    ctx.report({
      path: `${episode.path}.closure_reason`,
      rule: 'truncated',
      severity: 'warning',
      detail: `episode ${episode.id}: length ${originalLength}; first ${CLOSURE_REASON_MAX} characters kept`,
    });
  }
  return value;
}
