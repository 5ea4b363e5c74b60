import type { SsdRow } from '../source/ssd-row.js';
import { idsOf, type ChangeRound } from './change-round.js';
import { CLOSE_REASONS, CP_CATEGORIES } from './synthetic-codes.js';

/**
 * Change operations on CIN episodes and the tables that hang off a referral (CIN plans,
 * S47 enquiries, CP plans). New items attach to open episodes, as in real casework; items
 * that end are open ones, from the sample or added by a recent round.
 */

/** True for an episode with no close date. */
export const isOpenEpisode = (row: SsdRow): boolean => row.cine_close_date === null || row.cine_close_date === undefined;

/** Open episodes closed today with a closure reason. */
export async function closeEpisodes(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cin_episodes')).take(round.count(), isOpenEpisode);
  const rows = episodes.map((e) => ({
    cine_referral_id: e.cine_referral_id ?? null, cine_close_date: round.today, cine_close_reason: round.rng.weighted(CLOSE_REASONS),
  }));
  await round.update('ssd_cin_episodes', rows, `episode ${idsOf(episodes, 'cine_referral_id')} closed`);
}

/** Episodes deleted (only the episode row: its assessments and plans stay as orphans). */
export async function deleteEpisodes(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_cin_episodes')).take(round.count());
  await round.delete('ssd_cin_episodes', rows, `episode ${idsOf(rows, 'cine_referral_id')} deleted`);
}

/** New CIN plans starting today on open episodes. */
export async function addCinPlans(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cin_episodes')).take(round.count(), isOpenEpisode);
  const rows = episodes.map((e) => ({
    cinp_cin_plan_id: round.newId('CINP'), cinp_referral_id: e.cine_referral_id ?? null, cinp_person_id: e.cine_person_id ?? null,
    cinp_cin_plan_start_date: round.today, cinp_cin_plan_end_date: null, cinp_cin_plan_team: e.cine_referral_team ?? null,
    cinp_cin_plan_worker_id: e.cine_referral_worker_id ?? null,
  }));
  await round.insert('ssd_cin_plans', rows, `CIN plan ${idsOf(rows, 'cinp_cin_plan_id')} on episode ${idsOf(episodes, 'cine_referral_id')}`);
}

/** New section 47 enquiries, still running (no end date, outcome not recorded yet). */
export async function addS47Enquiries(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cin_episodes')).take(round.count(), isOpenEpisode);
  const rows = episodes.map((e) => ({
    s47e_s47_enquiry_id: round.newId('S47E'), s47e_referral_id: e.cine_referral_id ?? null, s47e_person_id: e.cine_person_id ?? null,
    s47e_s47_start_date: round.daysAgo(round.rng.int(0, 2)), s47e_s47_end_date: null, s47e_s47_nfa: 'N', s47e_s47_outcome_json: null,
    s47e_s47_completed_by_team: e.cine_referral_team ?? null, s47e_s47_completed_by_worker_id: e.cine_referral_worker_id ?? null,
  }));
  await round.insert('ssd_s47_enquiry', rows, `S47 ${idsOf(rows, 's47e_s47_enquiry_id')} on episode ${idsOf(episodes, 'cine_referral_id')}`);
}

/** New child protection plans starting today (e.g. a transfer-in with no local conference). */
export async function addCpPlans(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cin_episodes')).take(round.count(), isOpenEpisode);
  const rows = episodes.map((e) => {
    const category = round.rng.weighted(CP_CATEGORIES);
    return {
      cppl_cp_plan_id: round.newId('CP'), cppl_referral_id: e.cine_referral_id ?? null, cppl_icpc_id: null,
      cppl_person_id: e.cine_person_id ?? null, cppl_cp_plan_start_date: round.today, cppl_cp_plan_end_date: null,
      cppl_cp_plan_ola: 'N', cppl_cp_plan_initial_category: category, cppl_cp_plan_latest_category: category,
    };
  });
  await round.insert('ssd_cp_plans', rows, `CP plan ${idsOf(rows, 'cppl_cp_plan_id')} on episode ${idsOf(episodes, 'cine_referral_id')}`);
}

/** CIN plans ending today (the child no longer needs one, or steps up to a CP plan). */
export async function endCinPlans(round: ChangeRound): Promise<void> {
  const plans = await round.takeOrRecent('ssd_cin_plans', 'CINP', round.count(), (p) => p.cinp_cin_plan_end_date === null);
  const rows = plans.map((p) => ({ cinp_cin_plan_id: p.cinp_cin_plan_id ?? null, cinp_cin_plan_end_date: round.today }));
  await round.update('ssd_cin_plans', rows, `CIN plan ${idsOf(plans, 'cinp_cin_plan_id')} ended`);
}

/** A CIN plan recorded in error (duplicate of another plan) deleted. */
export async function deleteCinPlans(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_cin_plans')).take(round.count());
  await round.delete('ssd_cin_plans', rows, `CIN plan ${idsOf(rows, 'cinp_cin_plan_id')} deleted (recorded in error)`);
}

/** Running section 47 enquiries completed today, with an outcome that may call a conference. */
export async function completeS47Enquiries(round: ChangeRound): Promise<void> {
  const enquiries = await round.takeOrRecent('ssd_s47_enquiry', 'S47E', round.count(), (s) => s.s47e_s47_end_date === null);
  const rows = enquiries.map((s) => {
    const conference = round.rng.chance(0.55);
    return { s47e_s47_enquiry_id: s.s47e_s47_enquiry_id ?? null, s47e_s47_end_date: round.today, s47e_s47_nfa: conference ? 'N' : 'Y', s47e_s47_outcome_json: s47Outcome(conference) };
  });
  await round.update('ssd_s47_enquiry', rows, `S47 ${idsOf(enquiries, 's47e_s47_enquiry_id')} completed`);
}

/** A section 47 enquiry recorded on the wrong child deleted (its conference stays, orphaned). */
export async function deleteS47Enquiries(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_s47_enquiry')).take(round.count());
  await round.delete('ssd_s47_enquiry', rows, `S47 ${idsOf(rows, 's47e_s47_enquiry_id')} deleted (recorded in error)`);
}

/** Child protection plans ending today (risk reduced, or the child became looked after). */
export async function endCpPlans(round: ChangeRound): Promise<void> {
  const plans = await round.takeOrRecent('ssd_cp_plans', 'CP', round.count(), (p) => p.cppl_cp_plan_end_date === null);
  const rows = plans.map((p) => ({ cppl_cp_plan_id: p.cppl_cp_plan_id ?? null, cppl_cp_plan_end_date: round.today }));
  await round.update('ssd_cp_plans', rows, `CP plan ${idsOf(plans, 'cppl_cp_plan_id')} ended`);
}

/** A child protection plan recorded in error deleted. */
export async function deleteCpPlans(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_cp_plans')).take(round.count());
  await round.delete('ssd_cp_plans', rows, `CP plan ${idsOf(rows, 'cppl_cp_plan_id')} deleted (recorded in error)`);
}

/** SystemC's S47 outcome flags (the builder reads CP_CONFERENCE_FLAG). */
function s47Outcome(conference: boolean): string {
  return JSON.stringify({
    NFA_FLAG: conference ? 'N' : 'Y', LEGAL_ACTION_FLAG: 'N', PROV_OF_SERVICES_FLAG: 'N', PROV_OF_SB_CARE_FLAG: 'N',
    CP_CONFERENCE_FLAG: conference ? 'Y' : 'N', NFA_CONTINUE_SINGLE_FLAG: 'N', MONITOR_FLAG: 'N', OTHER_OUTCOMES_EXIST_FLAG: 'N',
    TOTAL_NO_OF_OUTCOMES: 1, OUTCOME_COMMENTS: null,
  });
}
