import { isOpenEpisode } from './change-episode-ops.js';
import { idsOf, type ChangeRound } from './change-round.js';
import { swRegistrationNo } from './synthetic-ids.js';
import { FORENAMES, SURNAMES } from './synthetic-names.js';

/**
 * Change operations on involvements (a professional's role with a child, by person and
 * referral) and on professionals themselves (fan-out: one row reaches every child they are
 * involved with). The registration-number update every round makes is in change-linked-ops.ts.
 */

/** A new allocated social worker (CW) on an open episode. */
export async function addInvolvements(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cin_episodes')).take(round.count(), isOpenEpisode);
  const workers = (await round.victims('ssd_professionals')).take(episodes.length);
  const rows = episodes.map((e, i) => ({
    invo_involvements_id: round.newId('INV'), invo_professional_id: workers[i]?.prof_professional_id ?? e.cine_referral_worker_id ?? null,
    invo_professional_role_id: 'CW', invo_professional_team: e.cine_referral_team ?? null, invo_person_id: e.cine_person_id ?? null,
    invo_involvement_start_date: round.today, invo_involvement_end_date: null, invo_referral_id: e.cine_referral_id ?? null,
  }));
  await round.insert('ssd_involvements', rows, `involvement ${idsOf(rows, 'invo_involvements_id')} on episode ${idsOf(episodes, 'cine_referral_id')}`);
}

/** Open involvements ended yesterday: the case moved to another worker or team. */
export async function endInvolvements(round: ChangeRound): Promise<void> {
  const involvements = (await round.victims('ssd_involvements')).take(round.count(), (i) => i.invo_involvement_end_date === null);
  const rows = involvements.map((i) => ({
    invo_involvements_id: i.invo_involvements_id ?? null, invo_involvement_end_date: round.daysAgo(1),
    invo_worker_change_reason: round.rng.pick(['Worker left', 'Case transferred', 'Caseload balancing']),
  }));
  await round.update('ssd_involvements', rows, `involvement ${idsOf(involvements, 'invo_involvements_id')} ended`);
}

/** An ended involvement deleted (a cover arrangement the CMS removes once it is over). */
export async function deleteEndedInvolvements(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_involvements')).take(round.count(), (i) => i.invo_involvement_end_date !== null);
  await round.delete('ssd_involvements', rows, `ended involvement ${idsOf(rows, 'invo_involvements_id')} deleted`);
}

/** A new social worker joins a team (no involvements yet, so no child is touched). */
export async function addProfessionals(round: ChangeRound): Promise<void> {
  const { rng } = round;
  const rows = Array.from({ length: round.count() }, () => {
    const id = round.newId('W');
    return {
      prof_professional_id: id, prof_staff_id: `STF${id.slice(1)}`, prof_professional_name: `${rng.pick(FORENAMES)} ${rng.pick(SURNAMES)}`,
      prof_social_worker_registration_no: swRegistrationNo(rng), prof_agency_worker_flag: rng.chance(0.15) ? 'Y' : 'N',
      prof_professional_job_title: 'Social Worker', prof_professional_caseload: 0, prof_professional_department: "Children's Social Care",
      prof_full_time_equivalency: 1,
    };
  });
  await round.insert('ssd_professionals', rows, `professional ${idsOf(rows, 'prof_professional_id')} joined`);
}

/**
 * A professional who left removed from the SSD while their involvements stay: every child
 * they worked with loses that worker's registration number (fan-out delete).
 */
export async function deleteProfessionals(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_professionals')).take(round.count());
  await round.delete('ssd_professionals', rows, `professional ${idsOf(rows, 'prof_professional_id')} left (deleted)`);
}
