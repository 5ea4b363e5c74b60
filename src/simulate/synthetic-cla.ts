import {
  CLA_CEASED_CONTINUING, CLA_FIRST_START, CLA_LATER_STARTS, PLACEMENT_CHANGE_REASONS, PLACEMENT_PROVIDERS,
  PLACEMENT_TYPES, PRIMARY_NEEDS,
} from './synthetic-codes.js';
import { iso, type EpisodeRef, type PersonRef, type SyntheticContext } from './synthetic-context.js';
import { syntheticPostcode } from './synthetic-postcode.js';

/** A period of care: what permanence, SDQ and care-leaver generators need. */
export interface CarePeriod {
  /** `clae_cla_id` shared by the period's episodes and placements. */
  readonly claId: string;
  /** First day looked after (day number). */
  readonly start: number;
  /** Last day (day number), or null while still looked after. */
  readonly end: number | null;
  /** Ceased reason code of the period's last episode, or null while open. */
  readonly endReason: string | null;
}

/**
 * Adds one period of care for the child: 1-8 looked-after episodes (`ssd_cla_episodes`,
 * one per legal-status or placement change, all with the same `clae_cla_id` and
 * `clae_referral_id`) and the placements they move through (`ssd_cla_placement`, joined by
 * `clap_cla_id`). A legal-status-only change (start reason L) keeps the same placement.
 */
export function addCarePeriod(
  ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef, start: number, end: number | null, endReason: string | null,
): CarePeriod {
  const { rng } = ctx;
  const claId = ctx.ids.next('CLA');
  const last = end ?? ctx.today;
  const wanted = rng.weighted([[1, 10], [2, 15], [3, 20], [4, 20], [5, 15], [6, 10], [7, 5], [8, 5]]) - 1;
  const changes = [...new Set(Array.from({ length: wanted }, () => rng.int(start + 7, Math.max(start + 7, last - 7))))]
    .filter((day) => day < last)
    .sort((a, b) => a - b);
  const starts = [start, ...changes];
  // Rarely the period's episodes lose their referral link, as in some real loads.
  const referralId = rng.chance(0.02) ? null : episode.referralId;
  const reasons = starts.map((_, i) => (i === 0 ? CLA_FIRST_START : rng.weighted(CLA_LATER_STARTS)));
  const placements = addPlacements(ctx, person, claId, starts, reasons, end);
  starts.forEach((episodeStart, i) => {
    const next = starts[i + 1];
    ctx.tables.ssd_cla_episodes.push({
      clae_cla_episode_id: ctx.ids.next('CLAE'),
      clae_person_id: person.id,
      clae_cla_placement_id: placements[i] ?? null,
      clae_cla_episode_start_date: iso(episodeStart),
      clae_cla_episode_start_reason: reasons[i] ?? null,
      clae_cla_primary_need_code: rng.weighted(PRIMARY_NEEDS),
      clae_cla_episode_ceased_date: iso(next ?? end),
      clae_cla_episode_ceased_reason: next !== undefined ? CLA_CEASED_CONTINUING : endReason,
      clae_cla_id: claId,
      clae_referral_id: referralId,
      clae_cla_last_iro_contact_date: end === null ? iso(ctx.today - rng.int(0, 180)) : null,
      clae_entered_care_date: iso(start),
    });
  });
  return { claId, start, end, endReason: end === null ? null : endReason };
}

/** Placement ids per episode: a new placement unless the start reason is L (legal only). */
function addPlacements(
  ctx: SyntheticContext, person: PersonRef, claId: string, starts: readonly number[], reasons: readonly string[], end: number | null,
): string[] {
  const moves = starts.filter((_, i) => i === 0 || !(reasons[i] ?? '').startsWith('L'));
  const ids = moves.map((moveStart, i) => addPlacementRow(ctx, person, claId, moveStart, moves[i + 1] ?? end, moves[i + 1] !== undefined));
  let current = -1;
  return starts.map((_, i) => {
    if (i === 0 || !(reasons[i] ?? '').startsWith('L')) current++;
    return ids[current] ?? '';
  });
}

function addPlacementRow(
  ctx: SyntheticContext, person: PersonRef, claId: string, start: number, end: number | null, moved: boolean,
): string {
  const { rng } = ctx;
  const id = ctx.ids.next('PL');
  // A handful of placements end before they start: the payload must omit that end date.
  const recordedEnd = end !== null && rng.chance(0.005) ? start - rng.int(1, 30) : end;
  ctx.tables.ssd_cla_placement.push({
    clap_cla_placement_id: id,
    clap_cla_id: claId,
    clap_person_id: person.id,
    clap_cla_placement_start_date: iso(start),
    clap_cla_placement_type: rng.weighted(PLACEMENT_TYPES),
    clap_cla_placement_urn: rng.chance(0.7) ? `SC${rng.int(100_000, 999_999)}` : null,
    clap_cla_placement_distance: rng.chance(0.9) ? Math.round(rng.next() * 600) / 10 : null,
    clap_cla_placement_provider: rng.pick(PLACEMENT_PROVIDERS),
    clap_cla_placement_postcode: rng.chance(0.88) ? syntheticPostcode(rng) : null,
    clap_cla_placement_end_date: iso(recordedEnd),
    clap_cla_placement_change_reason: moved ? rng.pick(PLACEMENT_CHANGE_REASONS) : null,
  });
  return id;
}
