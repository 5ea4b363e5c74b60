import type { SsdRow } from '../../source/ssd-row.js';
import type { BuildContext } from '../build-context.js';
import type { SocialCareEpisode } from '../child-document.js';
import type { Nullable } from '../compact.js';

/** One referral being turned into a `social_care_episodes[]` item. */
export interface EpisodeSource {
  /** The `ssd_cin_episodes` row. */
  readonly row: SsdRow;
  /** Its `cine_referral_id` as text; the key sub-items join on. */
  readonly id: string;
  /** Its place in the document, e.g. `social_care_episodes[0]`, for problem paths. */
  readonly path: string;
}

/**
 * Contributes some keys of one episode: the scalars, or one sub-list (assessments, plans, S47s,
 * placements, adoption, care leavers, care workers). The episodes section merges every part's
 * keys and compacts once, so a part returns null or `[]` to leave its key out. Adding a
 * sub-list means adding a part to the list, not editing the others.
 */
export type EpisodePart = (
  episode: EpisodeSource,
  ctx: BuildContext,
) => Nullable<Partial<SocialCareEpisode>>;
