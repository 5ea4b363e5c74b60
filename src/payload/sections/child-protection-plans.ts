import type { EpisodePart } from './episode-part.js';
import { planListPart } from './plan-list.js';

/** `child_protection_plans[]` from ssd_cp_plans of the referral (see plan-list.ts). */
export const childProtectionPlans: EpisodePart = planListPart({
  table: 'ssd_cp_plans',
  referralColumn: 'cppl_referral_id',
  idColumn: 'cppl_cp_plan_id',
  startColumn: 'cppl_cp_plan_start_date',
  endColumn: 'cppl_cp_plan_end_date',
  listKey: 'child_protection_plans',
  idKey: 'child_protection_plan_id',
});
