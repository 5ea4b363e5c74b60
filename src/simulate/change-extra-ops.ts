import type { SsdRow } from '../source/ssd-row.js';
import { isOpenEpisode } from './change-episode-ops.js';
import { idsOf, type ChangeRound } from './change-round.js';
import { CARE_LEAVER_ACTIVITY, CLA_CEASED_FINAL } from './synthetic-codes.js';

/**
 * Change operations on the remaining tables. A round runs two of them in rotation (see
 * ROTATING_OPERATIONS), so every SSD table is written within five rounds while one round
 * stays near 20 changed rows.
 */

/** An initial child protection conference held today for a running S47 enquiry. */
async function addConferences(round: ChangeRound): Promise<void> {
  const enquiries = (await round.victims('ssd_s47_enquiry')).take(round.count());
  const rows = enquiries.map((s) => ({
    icpc_icpc_id: round.newId('ICPC'), icpc_icpc_meeting_id: round.newId('MTG'), icpc_s47_enquiry_id: s.s47e_s47_enquiry_id ?? null,
    icpc_person_id: s.s47e_person_id ?? null, icpc_referral_id: s.s47e_referral_id ?? null, icpc_icpc_transfer_in: 'N',
    icpc_icpc_date: round.today, icpc_icpc_outcome_cp_flag: 'N',
  }));
  await round.insert('ssd_initial_cp_conference', rows, `conference ${idsOf(rows, 'icpc_icpc_id')} for S47 ${idsOf(enquiries, 's47e_s47_enquiry_id')}`);
}

/** A child recorded as an unaccompanied asylum-seeking child from today. */
async function addImmigrationStatuses(round: ChangeRound): Promise<void> {
  const people = (await round.victims('ssd_person')).take(round.count());
  const rows = people.map((p) => ({
    immi_immigration_status_id: round.newId('IM'), immi_person_id: p.pers_person_id ?? null,
    immi_immigration_status_start_date: round.today, immi_immigration_status_end_date: null, immi_immigration_status: 'U',
  }));
  await round.insert('ssd_immigration_status', rows, `UASC status ${idsOf(rows, 'immi_immigration_status_id')} for person ${idsOf(people, 'pers_person_id')}`);
}

/**
 * SystemC's nightly NEWID(): linked identifiers reloaded with the same content under new
 * keys. No document may change; a key-based diff would wrongly see a delete and an insert.
 */
async function rekeyLinkedIdentifiers(round: ChangeRound): Promise<void> {
  const old = (await round.victims('ssd_linked_identifiers')).take(round.count());
  const fresh = old.map((row): SsdRow => ({ ...row, link_table_id: round.newId('LI') }));
  await round.delete('ssd_linked_identifiers', old, `linked identifier ${idsOf(old, 'link_table_id')} reloaded`);
  await round.insert('ssd_linked_identifiers', fresh, `same content as ${idsOf(fresh, 'link_table_id')}`);
}

/** A new SDQ score for a looked-after child. */
async function addSdqScores(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cla_episodes')).take(round.count());
  const rows = episodes.map((e) => ({
    csdq_table_id: round.newId('SDQ'), csdq_person_id: e.clae_person_id ?? null, csdq_sdq_completed_date: round.today,
    csdq_sdq_score: round.rng.int(0, 40), csdq_sdq_reason: 'SSD_PH',
  }));
  await round.insert('ssd_sdq_scores', rows, `SDQ ${idsOf(rows, 'csdq_table_id')} for person ${idsOf(episodes, 'clae_person_id')}`);
}

/** A care leaver contacted today, with a new activity. */
async function updateCareLeaverContacts(round: ChangeRound): Promise<void> {
  const leavers = (await round.victims('ssd_care_leavers')).take(round.count());
  const rows = leavers.map((c) => ({
    clea_table_id: c.clea_table_id ?? null, clea_care_leaver_latest_contact: round.today,
    clea_care_leaver_activity: round.rng.pick(CARE_LEAVER_ACTIVITY.filter((a) => a !== c.clea_care_leaver_activity)),
  }));
  await round.update('ssd_care_leavers', rows, `contact recorded on care leaver row ${idsOf(leavers, 'clea_table_id')}`);
}

/** A looked-after episode ending today (the child leaves care). */
async function ceaseCareEpisodes(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cla_episodes')).take(round.count(), (e) => e.clae_cla_episode_ceased_date === null);
  const rows = episodes.map((e) => ({
    clae_cla_episode_id: e.clae_cla_episode_id ?? null, clae_cla_episode_ceased_date: round.today,
    clae_cla_episode_ceased_reason: round.rng.weighted(CLA_CEASED_FINAL),
  }));
  await round.update('ssd_cla_episodes', rows, `looked-after episode ${idsOf(episodes, 'clae_cla_episode_id')} ceased`);
}

/**
 * The next adoption step reached today: matched, or placed when already matched. Two
 * updates, so that every row of one updateRows call sets the same columns.
 */
async function advancePermanence(round: ChangeRound): Promise<void> {
  const records = (await round.victims('ssd_permanence')).take(round.count());
  const unmatched = records.filter((p) => p.perm_matched_date === null);
  const matched = records.filter((p) => p.perm_matched_date !== null);
  await round.update('ssd_permanence', unmatched.map((p) => ({ perm_table_id: p.perm_table_id ?? null, perm_matched_date: round.today })),
    `permanence ${idsOf(unmatched, 'perm_table_id')} matched`);
  await round.update('ssd_permanence', matched.map((p) => ({ perm_table_id: p.perm_table_id ?? null, perm_placed_for_adoption_date: round.today })),
    `permanence ${idsOf(matched, 'perm_table_id')} placed`);
}

/** A new allocated social worker (CW) on an open episode. */
async function addInvolvements(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cin_episodes')).take(round.count(), isOpenEpisode);
  const workers = (await round.victims('ssd_professionals')).take(episodes.length);
  const rows = episodes.map((e, i) => ({
    invo_involvements_id: round.newId('INV'), invo_professional_id: workers[i]?.prof_professional_id ?? e.cine_referral_worker_id ?? null,
    invo_professional_role_id: 'CW', invo_professional_team: e.cine_referral_team ?? null, invo_person_id: e.cine_person_id ?? null,
    invo_involvement_start_date: round.today, invo_involvement_end_date: null, invo_referral_id: e.cine_referral_id ?? null,
  }));
  await round.insert('ssd_involvements', rows, `involvement ${idsOf(rows, 'invo_involvements_id')} on episode ${idsOf(episodes, 'cine_referral_id')}`);
}

/** Assessments still in progress authorised today. */
async function authoriseAssessments(round: ChangeRound): Promise<void> {
  const assessments = (await round.victims('ssd_cin_assessments')).take(round.count(), (a) => a.cina_assessment_auth_date === null);
  const rows = assessments.map((a) => ({ cina_assessment_id: a.cina_assessment_id ?? null, cina_assessment_auth_date: round.today }));
  await round.update('ssd_cin_assessments', rows, `assessment ${idsOf(assessments, 'cina_assessment_id')} authorised`);
}

/** The rotating operations, in rotation order. */
export const ROTATING_OPERATIONS: readonly ((round: ChangeRound) => Promise<void>)[] = [
  addConferences, addImmigrationStatuses, rekeyLinkedIdentifiers, addSdqScores, updateCareLeaverContacts,
  ceaseCareEpisodes, advancePermanence, addInvolvements, authoriseAssessments,
];
