import { CP_CATEGORIES } from './synthetic-codes.js';
import { iso, pickWorker, type EpisodeRef, type PersonRef, type SyntheticContext } from './synthetic-context.js';

/**
 * Adds the child protection chain of an episode: a section 47 enquiry for about 30% of
 * assessed episodes; when its outcome asks for a conference, an initial child protection
 * conference (linked by `icpc_s47_enquiry_id`); when that conference decides so, a CP plan.
 */
export function addProtection(ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef): void {
  const { rng } = ctx;
  if (episode.nfa || !rng.chance(0.3)) return;
  const last = episode.close ?? ctx.today;
  const start = Math.min(episode.referral + rng.int(0, 10), last);
  let end: number | null = start + rng.int(3, 20);
  if (end > last) end = episode.close;
  const conference = rng.chance(0.55);
  const enquiryId = ctx.ids.next('S47E');
  const worker = pickWorker(ctx);
  ctx.tables.ssd_s47_enquiry.push({
    s47e_s47_enquiry_id: enquiryId,
    s47e_referral_id: episode.referralId,
    s47e_person_id: person.id,
    s47e_s47_start_date: iso(start),
    s47e_s47_end_date: iso(end),
    s47e_s47_nfa: conference ? 'N' : rng.chance(0.4) ? 'Y' : 'N',
    s47e_s47_outcome_json: rng.chance(0.02) ? null : s47OutcomeJson(conference, rng.chance(0.5)),
    s47e_s47_completed_by_team: worker.team,
    s47e_s47_completed_by_worker_id: worker.id,
  });
  if (!conference || end === null) return;
  const icpcDate = end + rng.int(3, 15);
  if (icpcDate > last) return;
  addConferenceAndPlan(ctx, person, episode, enquiryId, start, icpcDate);
}

/** The SystemC outcome flags; the builder reads only CP_CONFERENCE_FLAG. */
function s47OutcomeJson(conference: boolean, services: boolean): string {
  return JSON.stringify({
    NFA_FLAG: conference || services ? 'N' : 'Y', LEGAL_ACTION_FLAG: 'N', PROV_OF_SERVICES_FLAG: services ? 'Y' : 'N',
    PROV_OF_SB_CARE_FLAG: 'N', CP_CONFERENCE_FLAG: conference ? 'Y' : 'N', NFA_CONTINUE_SINGLE_FLAG: 'N',
    MONITOR_FLAG: 'N', OTHER_OUTCOMES_EXIST_FLAG: 'N', TOTAL_NO_OF_OUTCOMES: conference && services ? 2 : 1,
    OUTCOME_COMMENTS: null,
  });
}

function addConferenceAndPlan(
  ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef, enquiryId: string, s47Start: number, icpcDate: number,
): void {
  const { rng } = ctx;
  const planned = rng.chance(0.8);
  const icpcId = ctx.ids.next('ICPC');
  const planId = planned ? ctx.ids.next('CP') : null;
  const worker = pickWorker(ctx);
  ctx.tables.ssd_initial_cp_conference.push({
    icpc_icpc_id: icpcId,
    icpc_icpc_meeting_id: ctx.ids.next('MTG'),
    icpc_s47_enquiry_id: enquiryId,
    icpc_person_id: person.id,
    icpc_cp_plan_id: planId,
    icpc_referral_id: episode.referralId,
    icpc_icpc_transfer_in: 'N',
    icpc_icpc_target_date: iso(s47Start + 15),
    icpc_icpc_date: iso(icpcDate),
    icpc_icpc_outcome_cp_flag: planned ? 'Y' : 'N',
    icpc_icpc_outcome_json: JSON.stringify({ OUTCOME_CP_FLAG: planned ? 'Y' : 'N', OUTCOME_NFA_FLAG: planned ? 'N' : 'Y' }),
    icpc_icpc_team: worker.team,
    icpc_icpc_worker_id: worker.id,
  });
  if (planId === null) return;
  let end: number | null = null;
  if (episode.close !== null) end = Math.max(icpcDate, episode.close - rng.int(0, 10));
  else if (rng.chance(0.35) && icpcDate + 90 < ctx.today) end = rng.int(icpcDate + 90, Math.min(icpcDate + 500, ctx.today - 1));
  const category = rng.weighted(CP_CATEGORIES);
  ctx.tables.ssd_cp_plans.push({
    cppl_cp_plan_id: planId,
    cppl_referral_id: episode.referralId,
    cppl_icpc_id: icpcId,
    cppl_person_id: person.id,
    cppl_cp_plan_start_date: iso(icpcDate),
    cppl_cp_plan_end_date: iso(end),
    cppl_cp_plan_ola: 'N',
    cppl_cp_plan_initial_category: category,
    cppl_cp_plan_latest_category: rng.chance(0.85) ? category : rng.weighted(CP_CATEGORIES),
  });
}
