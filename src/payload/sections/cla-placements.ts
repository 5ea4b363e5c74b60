import type { SsdRow, SsdValue } from '../../source/ssd-row.js';
import type { BuildContext } from '../build-context.js';
import type { ChildLookedAfterPlacement } from '../child-document.js';
import { compact } from '../compact.js';
import { cleanText, clippedText, compareText, dateValue } from '../field-conversions.js';
import { itemIdProblems } from '../identifiers.js';
import { column, tableRows } from '../table-rows.js';
import { codedValue } from './coded-value.js';
import type { EpisodePart, EpisodeSource } from './episode-part.js';

/** OpenAPI limits of a placement's values (start and end reasons are codes: code-lists.ts). */
const PLACEMENT_TYPE_MAX = 3;
const POSTCODE_MAX = 8;
const CHANGE_REASON_MAX = 6;

/** A placement that passed the join and the window, before sorting. */
interface Candidate {
  readonly row: SsdRow;
  readonly id: string;
  readonly start: string;
  /** The referral's CLA episodes sharing the placement's `clap_cla_id`. */
  readonly episodes: readonly SsdRow[];
}

/**
 * `child_looked_after_placements[]`: `ssd_cla_placement` rows whose `clap_cla_id` matches the
 * `clae_cla_id` of one of this referral's `ssd_cla_episodes` (`clae_referral_id` = episode id),
 * overlapping the window on the placement's own dates (as the reference does: an end date before
 * the start is still used for the window test, only left out of the item). Newest first: start
 * date descending, then id ascending. Start and end reasons come from the joined CLA episodes
 * through the code lookup (SystemC loads descriptions): the smallest code across them, as the
 * reference's MIN(LEFT(...)), but never a description's first characters.
 */
export const claPlacements: EpisodePart = (episode, ctx) => ({
  child_looked_after_placements: selectPlacements(episode, ctx).map((candidate, index) =>
    placementItem(candidate, `${episode.path}.child_looked_after_placements[${index}]`, ctx),
  ),
});

/** Joined, in-window placements with an id, sorted newest first. */
function selectPlacements(episode: EpisodeSource, ctx: BuildContext): Candidate[] {
  const episodesByClaId = new Map<string, SsdRow[]>();
  for (const row of tableRows(ctx.rows, 'ssd_cla_episodes')) {
    if (cleanText(column(row, 'clae_referral_id')) !== episode.id) continue;
    const claId = cleanText(column(row, 'clae_cla_id'));
    if (claId === null) continue;
    episodesByClaId.set(claId, [...(episodesByClaId.get(claId) ?? []), row]);
  }
  const candidates: Candidate[] = [];
  for (const row of tableRows(ctx.rows, 'ssd_cla_placement')) {
    const claId = cleanText(column(row, 'clap_cla_id'));
    const joined = claId === null ? undefined : episodesByClaId.get(claId);
    if (joined === undefined) continue;
    const start = dateValue(column(row, 'clap_cla_placement_start_date'));
    if (!ctx.window.overlaps(start, dateValue(column(row, 'clap_cla_placement_end_date')))) continue;
    const id = cleanText(column(row, 'clap_cla_placement_id'));
    if (id === null) {
      ctx.report({
        path: `${episode.path}.child_looked_after_placements`,
        rule: 'required',
        severity: 'error',
        detail: `episode ${episode.id}: a placement in the window has no clap_cla_placement_id; left out`,
      });
      continue;
    }
    // overlaps() refuses a null start, so start is set here.
    candidates.push({ row, id, start: start ?? '', episodes: joined });
  }
  return candidates.sort((a, b) => compareText(b.start, a.start) || compareText(a.id, b.id));
}

/** One placement item; every problem names the placement id. */
function placementItem(candidate: Candidate, path: string, ctx: BuildContext): ChildLookedAfterPlacement {
  const { row, id, start, episodes } = candidate;
  const warn = (key: string, rule: string, detail: string) =>
    ctx.report({ path: `${path}.${key}`, rule, severity: 'warning', detail: `placement ${id}: ${detail}` });
  for (const problem of itemIdProblems(id, `${path}.child_looked_after_placement_id`)) {
    ctx.report({ ...problem, detail: `placement ${JSON.stringify(id)}: ${problem.detail}` });
  }

  const end = dateValue(column(row, 'clap_cla_placement_end_date'));
  const endBeforeStart = end !== null && end < start;
  if (endBeforeStart) warn('end_date', 'dateOrder', 'end date before start date; left out');

  const type = clippedText(column(row, 'clap_cla_placement_type'), PLACEMENT_TYPE_MAX);
  if (type.originalLength > PLACEMENT_TYPE_MAX) {
    warn('placement_type', 'truncated', `length ${type.originalLength}; first ${PLACEMENT_TYPE_MAX} characters kept`);
  }
  const reason = (field: 'claStartReason' | 'claEndReason', name: string, key: string): string | null =>
    smallest(episodes.map((e) => codedValue(ctx, field, column(e, name), `${path}.${key}`, `placement ${id}: `)));

  return compact<ChildLookedAfterPlacement>({
    child_looked_after_placement_id: id,
    start_date: start,
    start_reason: reason('claStartReason', 'clae_cla_episode_start_reason', 'start_reason'),
    postcode: limited(column(row, 'clap_cla_placement_postcode'), POSTCODE_MAX, (n) =>
      warn('postcode', 'maxLength', `length ${n} exceeds ${POSTCODE_MAX}; left out`),
    ),
    placement_type: type.value,
    end_date: endBeforeStart ? null : end,
    end_reason: reason('claEndReason', 'clae_cla_episode_ceased_reason', 'end_reason'),
    change_reason: limited(column(row, 'clap_cla_placement_change_reason'), CHANGE_REASON_MAX, (n) =>
      warn('change_reason', 'maxLength', `length ${n} exceeds ${CHANGE_REASON_MAX}; left out`),
    ),
    purge: false,
  });
}

/** The smallest code (code-unit order) of the joined CLA episodes, as the reference's MIN(); null when none. */
function smallest(codes: ReadonlyArray<string | null>): string | null {
  let min: string | null = null;
  for (const code of codes) if (code !== null && (min === null || code < min)) min = code;
  return min;
}

/**
 * Trimmed text sent as is when it fits `max`; a longer value is left out (these columns are
 * "sent raw": no rule says which part of a longer value would be right) and `onTooLong` is told.
 */
function limited(value: SsdValue, max: number, onTooLong: (length: number) => void): string | null {
  const text = cleanText(value);
  if (text === null || text.length <= max) return text;
  onTooLong(text.length);
  return null;
}
