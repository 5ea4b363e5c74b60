import { addDays, addYears } from '../../src/core/iso-date.js';
import type { ChildRows } from '../../src/payload/child-rows.js';
import { Random } from '../../src/simulate/random.js';
import type { SsdRow } from '../../src/source/ssd-row.js';

/**
 * Random SSD rows of one child, for property tests of the builder. Dates cluster around
 * `today` and around the days the reporting window turns on (1 April, 31 March, the window
 * end, 16th and 26th birthdays), where time-driven changes happen; ids come from small pools
 * so that items collide, move and repeat.
 */
export function randomChild(seed: number, today: string): ChildRows {
  const r = new Random(seed);
  const year = Number(today.slice(0, 4));
  const near = (): string => {
    const anchor = r.pick([today, `${year}-04-01`, `${year + 1}-04-01`, `${year - 1}-04-01`, `${year - 2}-04-01`, `${year}-03-31`, `${year + 1}-03-31`]);
    return r.chance(0.5) ? addDays(anchor, r.int(-3, 3)) : addDays(anchor, r.int(-500, 400));
  };
  const maybe = (p: number, value: () => string): string | null => (r.chance(p) ? value() : null);
  const pid = 'C1';
  const dobKind = r.int(0, 9);
  const dob = dobKind === 0 ? null : dobKind === 1 ? addDays(addYears(today, -26), r.int(-400, 400)) : dobKind === 2 ? addDays(addYears(today, -16), r.int(-400, 400)) : addDays(today, -r.int(0, 20 * 365));
  const person: SsdRow = {
    pers_person_id: pid, pers_legacy_id: r.chance(0.5) ? 'LEG1' : null, pers_upn: r.chance(0.5) ? 'A123456789012' : null,
    pers_upn_unknown: null, pers_forename: 'Ann', pers_surname: 'Example', pers_sex: r.pick(['M', 'F', 'X']),
    pers_ethnicity: 'WBRI', pers_dob: dob, pers_expected_dob: dob === null ? near() : null,
  };
  const referrals = ['R1', 'R2', 'R3'].slice(0, r.int(0, 3));
  const episodes = referrals.map((id) => {
    const start = near();
    return { cine_referral_id: id, cine_person_id: pid, cine_referral_date: start, cine_referral_source_code: '1A', cine_referral_nfa: 'N', cine_close_reason: null, cine_close_date: maybe(0.6, () => addDays(start, r.int(0, 700))) } as SsdRow;
  });
  // An item with a start and (half the time) an end, sometimes a few days before its start.
  const span = (startCol: string, endCol: string, fields: Record<string, string | number | null>): SsdRow => {
    const start = near();
    return { ...fields, [startCol]: start, [endCol]: r.chance(0.5) ? addDays(start, r.int(-5, 600)) : null };
  };
  const pickReferral = (): string => (referrals.length > 0 ? r.pick(referrals) : 'R9');
  const many = <T>(max: number, make: (i: number) => T): T[] => Array.from({ length: r.int(0, max) }, (_, i) => make(i));
  const claIds = ['CLA1', 'CLA2'];
  return {
    personId: pid,
    tables: {
      ssd_person: [person],
      ssd_cin_episodes: episodes,
      ssd_cin_assessments: many(3, (i) => ({ cina_assessment_id: `A${i}`, cina_referral_id: pickReferral(), cina_assessment_start_date: maybe(0.8, near), cina_assessment_auth_date: maybe(0.5, near) })),
      ssd_assessment_factors: many(2, (i) => ({ cinf_table_id: `F${i}`, cinf_assessment_id: `A${i}`, cinf_assessment_factors_json: '["1A","2B"]' })),
      ssd_cin_plans: many(2, (i) => span('cinp_cin_plan_start_date', 'cinp_cin_plan_end_date', { cinp_cin_plan_id: `P${i}`, cinp_referral_id: pickReferral(), cinp_person_id: pid })),
      ssd_cp_plans: many(2, (i) => span('cppl_cp_plan_start_date', 'cppl_cp_plan_end_date', { cppl_cp_plan_id: `CP${i}`, cppl_referral_id: pickReferral() })),
      ssd_s47_enquiry: many(2, (i) => span('s47e_s47_start_date', 's47e_s47_end_date', { s47e_s47_enquiry_id: `S${i}`, s47e_referral_id: pickReferral(), s47e_s47_outcome_json: '{"CP_CONFERENCE_FLAG":"Y"}' })),
      ssd_initial_cp_conference: many(2, (i) => ({ icpc_icpc_id: `I${i}`, icpc_s47_enquiry_id: `S${r.int(0, 1)}`, icpc_icpc_date: near() })),
      ssd_cla_episodes: many(2, (i) => ({ clae_cla_episode_id: `E${i}`, clae_person_id: pid, clae_cla_id: r.pick(claIds), clae_referral_id: pickReferral(), clae_cla_episode_start_reason: 'S', clae_cla_episode_ceased_reason: 'E11' })),
      ssd_cla_placement: many(2, (i) => span('clap_cla_placement_start_date', 'clap_cla_placement_end_date', { clap_cla_placement_id: `PL${i}`, clap_cla_id: r.pick(claIds), clap_cla_placement_type: 'K1', clap_cla_placement_postcode: 'AB1 2CD', clap_cla_placement_change_reason: 'CHILD' })),
      ssd_permanence: many(2, (i) => ({ perm_table_id: `PM${i}`, perm_person_id: r.chance(0.5) ? pid : null, perm_cla_id: r.pick(claIds), perm_adm_decision_date: maybe(0.6, near), perm_matched_date: maybe(0.4, near), perm_placed_for_adoption_date: maybe(0.3, near) })),
      ssd_care_leavers: many(2, (i) => ({ clea_table_id: `CL${i}`, clea_person_id: pid, clea_care_leaver_latest_contact: maybe(0.9, near), clea_care_leaver_activity: 'F2', clea_care_leaver_accommodation: 'D' })),
      ssd_involvements: many(3, (i) => span('invo_involvement_start_date', 'invo_involvement_end_date', { invo_involvements_id: `V${i}`, invo_professional_id: `W${r.int(0, 1)}`, invo_professional_role_id: 'CW', invo_referral_id: pickReferral(), invo_person_id: pid })),
      ssd_professionals: [{ prof_professional_id: 'W0', prof_social_worker_registration_no: 'SW100' }, { prof_professional_id: 'W1', prof_social_worker_registration_no: 'SW200' }],
      ssd_sdq_scores: many(3, (i) => ({ csdq_table_id: `Q${i}`, csdq_person_id: pid, csdq_sdq_completed_date: near(), csdq_sdq_score: r.int(0, 40) })),
      ssd_immigration_status: many(2, (i) => span('immi_immigration_status_start_date', 'immi_immigration_status_end_date', { immi_immigration_status_id: `M${i}`, immi_person_id: pid, immi_immigration_status: r.pick(['U', 'X']) })),
    },
  };
}
