-- create-ssd-tables.sql: the 19 SSD tables (SSD 1.4.5, SystemC column names, portable Postgres types).
-- Used only by `ssd-delta seed` (demo, tests, benchmarks). In production the LA's own SSD script
-- creates and loads these tables; ssd-delta never creates or alters them there.
-- Generated from shared/spec/ssd-tables.json; test/unit/ssd-ddl.test.ts checks it against that file and sql/mssql/ssd.

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_person (
  pers_legacy_id varchar(48),
  pers_person_id varchar(48) NOT NULL,
  pers_upn varchar(13),
  pers_forename varchar(100),
  pers_surname varchar(255),
  pers_sex varchar(20),
  pers_gender varchar(10),
  pers_ethnicity varchar(48),
  pers_dob timestamp,
  pers_single_unique_id varchar(48),
  pers_upn_unknown varchar(6),
  pers_send_flag char(5),
  pers_expected_dob timestamp,
  pers_death_date timestamp,
  pers_is_mother char(1),
  pers_nationality varchar(48),
  PRIMARY KEY (pers_person_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_address (
  addr_table_id varchar(48) NOT NULL,
  addr_person_id varchar(48),
  addr_address_type varchar(48),
  addr_address_start_date timestamp,
  addr_address_end_date timestamp,
  addr_address_postcode varchar(15),
  addr_address_json varchar(1000),
  PRIMARY KEY (addr_table_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_disability (
  disa_table_id varchar(48) NOT NULL,
  disa_person_id varchar(48) NOT NULL,
  disa_disability_code varchar(48) NOT NULL,
  PRIMARY KEY (disa_table_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_immigration_status (
  immi_immigration_status_id varchar(48) NOT NULL,
  immi_person_id varchar(48),
  immi_immigration_status_start_date timestamp,
  immi_immigration_status_end_date timestamp,
  immi_immigration_status varchar(100),
  PRIMARY KEY (immi_immigration_status_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_linked_identifiers (
  link_table_id varchar(48) NOT NULL,
  link_person_id varchar(48),
  link_identifier_type varchar(100),
  link_identifier_value varchar(100),
  link_valid_from_date timestamp,
  link_valid_to_date timestamp,
  PRIMARY KEY (link_table_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_sdq_scores (
  csdq_table_id varchar(48) NOT NULL,
  csdq_person_id varchar(48),
  csdq_sdq_completed_date timestamp,
  csdq_sdq_score integer,
  csdq_sdq_reason varchar(100),
  PRIMARY KEY (csdq_table_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_cin_episodes (
  cine_referral_id varchar(48) NOT NULL,
  cine_person_id varchar(48),
  cine_referral_date timestamp,
  cine_cin_primary_need_code varchar(3),
  cine_referral_source_code varchar(48),
  cine_referral_source_desc varchar(255),
  cine_referral_outcome_json varchar(4000),
  cine_referral_nfa char(1),
  cine_close_reason varchar(100),
  cine_close_date timestamp,
  cine_referral_team varchar(48),
  cine_referral_worker_id varchar(48),
  PRIMARY KEY (cine_referral_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_cin_assessments (
  cina_assessment_id varchar(48) NOT NULL,
  cina_person_id varchar(48),
  cina_referral_id varchar(48),
  cina_assessment_start_date timestamp,
  cina_assessment_child_seen char(1),
  cina_assessment_auth_date timestamp,
  cina_assessment_outcome_json varchar(1000),
  cina_assessment_outcome_nfa char(1),
  cina_assessment_team varchar(48),
  cina_assessment_worker_id varchar(100),
  PRIMARY KEY (cina_assessment_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_assessment_factors (
  cinf_table_id varchar(48) NOT NULL,
  cinf_assessment_id varchar(48) NOT NULL,
  cinf_assessment_factors_json text,
  PRIMARY KEY (cinf_table_id, cinf_assessment_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_cin_plans (
  cinp_cin_plan_id varchar(48) NOT NULL,
  cinp_referral_id varchar(48),
  cinp_person_id varchar(48),
  cinp_cin_plan_start_date timestamp,
  cinp_cin_plan_end_date timestamp,
  cinp_cin_plan_team varchar(48),
  cinp_cin_plan_worker_id varchar(100),
  PRIMARY KEY (cinp_cin_plan_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_s47_enquiry (
  s47e_s47_enquiry_id varchar(48) NOT NULL,
  s47e_referral_id varchar(48),
  s47e_person_id varchar(48),
  s47e_s47_start_date timestamp,
  s47e_s47_end_date timestamp,
  s47e_s47_nfa char(1),
  s47e_s47_outcome_json varchar(1000),
  s47e_s47_completed_by_team varchar(48),
  s47e_s47_completed_by_worker_id varchar(100),
  PRIMARY KEY (s47e_s47_enquiry_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_initial_cp_conference (
  icpc_icpc_id varchar(48) NOT NULL,
  icpc_icpc_meeting_id varchar(48),
  icpc_s47_enquiry_id varchar(48),
  icpc_person_id varchar(48),
  icpc_cp_plan_id varchar(48),
  icpc_referral_id varchar(48),
  icpc_icpc_transfer_in char(1),
  icpc_icpc_target_date timestamp,
  icpc_icpc_date timestamp,
  icpc_icpc_outcome_cp_flag char(1),
  icpc_icpc_outcome_json varchar(1000),
  icpc_icpc_team varchar(48),
  icpc_icpc_worker_id varchar(100),
  PRIMARY KEY (icpc_icpc_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_cp_plans (
  cppl_cp_plan_id varchar(48) NOT NULL,
  cppl_referral_id varchar(48),
  cppl_icpc_id varchar(48),
  cppl_person_id varchar(48),
  cppl_cp_plan_start_date timestamp,
  cppl_cp_plan_end_date timestamp,
  cppl_cp_plan_ola char(1),
  cppl_cp_plan_initial_category varchar(100),
  cppl_cp_plan_latest_category varchar(100),
  PRIMARY KEY (cppl_cp_plan_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_cla_episodes (
  clae_cla_episode_id varchar(48) NOT NULL,
  clae_person_id varchar(48),
  clae_cla_placement_id varchar(48),
  clae_cla_episode_start_date timestamp,
  clae_cla_episode_start_reason varchar(100),
  clae_cla_primary_need_code varchar(3),
  clae_cla_episode_ceased_date timestamp,
  clae_cla_episode_ceased_reason varchar(255),
  clae_cla_id varchar(48),
  clae_referral_id varchar(48),
  clae_cla_last_iro_contact_date timestamp,
  clae_entered_care_date timestamp,
  PRIMARY KEY (clae_cla_episode_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_cla_placement (
  clap_cla_placement_id varchar(48) NOT NULL,
  clap_cla_id varchar(48),
  clap_person_id varchar(48),
  clap_cla_placement_start_date timestamp,
  clap_cla_placement_type varchar(100),
  clap_cla_placement_urn varchar(48),
  clap_cla_placement_distance double precision,
  clap_cla_placement_provider varchar(48),
  clap_cla_placement_postcode varchar(8),
  clap_cla_placement_end_date timestamp,
  clap_cla_placement_change_reason varchar(100),
  PRIMARY KEY (clap_cla_placement_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_permanence (
  perm_table_id varchar(48) NOT NULL,
  perm_person_id varchar(48),
  perm_cla_id varchar(48),
  perm_adm_decision_date timestamp,
  perm_part_of_sibling_group char(1),
  perm_siblings_placed_together integer,
  perm_siblings_placed_apart integer,
  perm_ffa_cp_decision_date timestamp,
  perm_placement_order_date timestamp,
  perm_matched_date timestamp,
  perm_adopter_sex varchar(48),
  perm_adopter_legal_status varchar(100),
  perm_number_of_adopters integer,
  perm_placed_for_adoption_date timestamp,
  perm_adopted_by_carer_flag char(1),
  perm_placed_foster_carer_date timestamp,
  perm_placed_ffa_cp_date timestamp,
  perm_placement_provider_urn varchar(48),
  perm_decision_reversed_date timestamp,
  perm_decision_reversed_reason varchar(100),
  perm_permanence_order_date timestamp,
  perm_permanence_order_type varchar(100),
  perm_adoption_worker_id varchar(100),
  PRIMARY KEY (perm_table_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_care_leavers (
  clea_table_id varchar(48) NOT NULL,
  clea_person_id varchar(48),
  clea_care_leaver_eligibility varchar(100),
  clea_care_leaver_in_touch varchar(100),
  clea_care_leaver_latest_contact timestamp,
  clea_care_leaver_accommodation varchar(100),
  clea_care_leaver_accom_suitable varchar(100),
  clea_care_leaver_activity varchar(100),
  clea_pathway_plan_review_date timestamp,
  clea_care_leaver_personal_advisor varchar(100),
  clea_care_leaver_allocated_team varchar(48),
  clea_care_leaver_worker_id varchar(100),
  PRIMARY KEY (clea_table_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_involvements (
  invo_involvements_id varchar(48) NOT NULL,
  invo_professional_id varchar(48),
  invo_professional_role_id varchar(200),
  invo_professional_team varchar(48),
  invo_person_id varchar(48),
  invo_involvement_start_date timestamp,
  invo_involvement_end_date timestamp,
  invo_worker_change_reason varchar(200),
  invo_referral_id varchar(48),
  PRIMARY KEY (invo_involvements_id)
);

CREATE TABLE IF NOT EXISTS {{ssd_schema}}.ssd_professionals (
  prof_professional_id varchar(48) NOT NULL,
  prof_staff_id varchar(48),
  prof_professional_name varchar(300),
  prof_social_worker_registration_no varchar(48),
  prof_agency_worker_flag char(1),
  prof_professional_job_title varchar(500),
  prof_professional_caseload integer,
  prof_professional_department varchar(100),
  prof_full_time_equivalency double precision,
  PRIMARY KEY (prof_professional_id)
);
