import type { EpisodePart } from './episode-part.js';
import { planListPart } from './plan-list.js';

/** `child_in_need_plans[]` from ssd_cin_plans of the referral (see plan-list.ts). */
export const childInNeedPlans: EpisodePart = planListPart({
  table: 'ssd_cin_plans',
  referralColumn: 'cinp_referral_id',
  idColumn: 'cinp_cin_plan_id',
  startColumn: 'cinp_cin_plan_start_date',
  endColumn: 'cinp_cin_plan_end_date',
  listKey: 'child_in_need_plans',
  idKey: 'child_in_need_plan_id',
});
