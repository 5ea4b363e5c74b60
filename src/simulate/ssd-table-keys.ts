/**
 * The 19 SSD tables the simulator writes, with their primary-key columns (as declared in
 * sql/postgres/ssd/create-ssd-tables.sql). The simulator needs the keys to address the rows
 * it updates and deletes; the stream definitions own these facts for the pipeline itself.
 */
export const SSD_TABLE_KEYS = {
  ssd_person: ['pers_person_id'],
  ssd_address: ['addr_table_id'],
  ssd_disability: ['disa_table_id'],
  ssd_immigration_status: ['immi_immigration_status_id'],
  ssd_linked_identifiers: ['link_table_id'],
  ssd_sdq_scores: ['csdq_table_id'],
  ssd_cin_episodes: ['cine_referral_id'],
  ssd_cin_assessments: ['cina_assessment_id'],
  ssd_assessment_factors: ['cinf_table_id', 'cinf_assessment_id'],
  ssd_cin_plans: ['cinp_cin_plan_id'],
  ssd_s47_enquiry: ['s47e_s47_enquiry_id'],
  ssd_initial_cp_conference: ['icpc_icpc_id'],
  ssd_cp_plans: ['cppl_cp_plan_id'],
  ssd_cla_episodes: ['clae_cla_episode_id'],
  ssd_cla_placement: ['clap_cla_placement_id'],
  ssd_permanence: ['perm_table_id'],
  ssd_care_leavers: ['clea_table_id'],
  ssd_involvements: ['invo_involvements_id'],
  ssd_professionals: ['prof_professional_id'],
} as const satisfies Record<string, readonly string[]>;

/** Name of one of the 19 SSD tables. */
export type SsdTableName = keyof typeof SSD_TABLE_KEYS;

/** The 19 SSD table names, in DDL order. */
export const SSD_TABLE_NAMES = Object.keys(SSD_TABLE_KEYS) as SsdTableName[];
