import type { SsdRow } from '../source/ssd-row.js';
import { idsOf, type ChangeRound } from './change-round.js';
import { CLA_CEASED_CONTINUING, CLA_CEASED_FINAL } from './synthetic-codes.js';

/**
 * Change operations on looked-after care: CLA episodes (reach the child by person and
 * referral), permanence (by person or via the CLA id) and placement deletes (via the CLA id).
 * Placement moves, which every round makes, are in change-linked-ops.ts.
 */

const isOpenCareEpisode = (e: SsdRow): boolean => e.clae_cla_episode_ceased_date === null || e.clae_cla_episode_ceased_date === undefined;

/** A looked-after episode ending today (the child leaves care). */
export async function ceaseCareEpisodes(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cla_episodes')).take(round.count(), isOpenCareEpisode);
  const rows = episodes.map((e) => ({
    clae_cla_episode_id: e.clae_cla_episode_id ?? null, clae_cla_episode_ceased_date: round.today,
    clae_cla_episode_ceased_reason: round.rng.weighted(CLA_CEASED_FINAL),
  }));
  await round.update('ssd_cla_episodes', rows, `looked-after episode ${idsOf(episodes, 'clae_cla_episode_id')} ceased`);
}

/**
 * A change of legal status only (e.g. an interim care order becomes a full one): the open
 * episode ceases today with X1 and a new episode starts today in the same period of care and
 * placement, with start reason L.
 */
export async function changeLegalStatuses(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cla_episodes')).take(round.count(), isOpenCareEpisode);
  const ended = episodes.map((e) => ({
    clae_cla_episode_id: e.clae_cla_episode_id ?? null, clae_cla_episode_ceased_date: round.today, clae_cla_episode_ceased_reason: CLA_CEASED_CONTINUING,
  }));
  const started = episodes.map((e): SsdRow => ({
    ...e, clae_cla_episode_id: round.newId('CLAE'), clae_cla_episode_start_date: round.today,
    clae_cla_episode_start_reason: 'L - Change of legal status only', clae_cla_episode_ceased_date: null, clae_cla_episode_ceased_reason: null,
  }));
  await round.update('ssd_cla_episodes', ended, `looked-after episode ${idsOf(episodes, 'clae_cla_episode_id')} ended by a legal status change`);
  await round.insert('ssd_cla_episodes', started, `looked-after episode ${idsOf(started, 'clae_cla_episode_id')} for period ${idsOf(started, 'clae_cla_id')}`);
}

/** A closed looked-after episode recorded in error deleted (its placements stay). */
export async function deleteCareEpisodes(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_cla_episodes')).takePreferring(round.count(), (e) => !isOpenCareEpisode(e));
  await round.delete('ssd_cla_episodes', rows, `looked-after episode ${idsOf(rows, 'clae_cla_episode_id')} deleted (recorded in error)`);
}

/**
 * The next adoption step reached today: matched, or placed when already matched. Two
 * updates, so that every row of one updateRows call sets the same columns.
 */
export async function advancePermanence(round: ChangeRound): Promise<void> {
  const records = (await round.victims('ssd_permanence')).take(round.count());
  const unmatched = records.filter((p) => p.perm_matched_date === null);
  const matched = records.filter((p) => p.perm_matched_date !== null);
  await round.update('ssd_permanence', unmatched.map((p) => ({ perm_table_id: p.perm_table_id ?? null, perm_matched_date: round.today })),
    `permanence ${idsOf(unmatched, 'perm_table_id')} matched`);
  await round.update('ssd_permanence', matched.map((p) => ({ perm_table_id: p.perm_table_id ?? null, perm_placed_for_adoption_date: round.today })),
    `permanence ${idsOf(matched, 'perm_table_id')} placed`);
}

/** An adoption decision made today for a child in care whose period has no permanence record. */
export async function addAdoptionDecisions(round: ChangeRound): Promise<void> {
  const candidates = (await round.victims('ssd_cla_episodes')).take(3 * round.count(), (e) => isOpenCareEpisode(e) && typeof e.clae_cla_id === 'string');
  const existing = await round.related('ssd_permanence', 'perm_cla_id', candidates.map((e) => String(e.clae_cla_id)));
  const planned = new Set(existing.map((p) => p.perm_cla_id));
  const episodes = candidates.filter((e) => !planned.has(e.clae_cla_id ?? null)).slice(0, round.count());
  const rows = episodes.map((e) => ({
    perm_table_id: round.newId('PERM'), perm_person_id: e.clae_person_id ?? null, perm_cla_id: e.clae_cla_id ?? null,
    perm_adm_decision_date: round.today, perm_part_of_sibling_group: 'N', perm_placed_foster_carer_date: '1900-01-01',
  }));
  await round.insert('ssd_permanence', rows, `permanence ${idsOf(rows, 'perm_table_id')} for period ${idsOf(episodes, 'clae_cla_id')}`);
}

/** A permanence record entered in error deleted (the adoption plan belonged to a sibling). */
export async function deletePermanence(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_permanence')).take(round.count());
  await round.delete('ssd_permanence', rows, `permanence ${idsOf(rows, 'perm_table_id')} deleted (recorded in error)`);
}

/**
 * A past placement entered in error deleted. Never the placement a move of this round ended
 * (the pool skips rows already written).
 */
export async function deletePlacements(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_cla_placement')).takePreferring(round.count(), (p) => p.clap_cla_placement_end_date !== null);
  await round.delete('ssd_cla_placement', rows, `placement ${idsOf(rows, 'clap_cla_placement_id')} deleted (entered in error)`);
}
