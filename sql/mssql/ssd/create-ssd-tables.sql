-- create-ssd-tables.sql: the 19 SSD tables (SSD 1.4.5, SystemC column names), SQL Server 2016 SP1+.
-- Used only by `ssd-delta seed` (demo, tests, benchmarks). In production the LA's own SSD script
-- creates and loads these tables; ssd-delta never creates or alters them there.
-- No parameters, no result. Idempotent: each table is created only when it does not exist yet
-- (in the login's default schema); an existing table is left as it is.
-- Translated from sql/postgres/ssd/create-ssd-tables.sql (same tables, columns, column order,
-- nullability and keys); keep the two in step. Types: varchar -> NVARCHAR, text -> NVARCHAR(MAX),
-- char(n) -> NCHAR(n), integer -> INT, double precision -> FLOAT, timestamp -> DATETIME2(0)
-- (the seed writes whole dates only). The SystemC originals (shared/spec/ssd-tables.md) declare
-- the date columns DATETIME; every other type here is the SystemC type.
-- Nullable columns say NULL explicitly so that ANSI_NULL_DFLT_* settings cannot change them.

IF OBJECT_ID(N'{{ssd_schema}}.ssd_person', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_person (
    pers_legacy_id NVARCHAR(48) NULL,
    pers_person_id NVARCHAR(48) NOT NULL,
    pers_upn NVARCHAR(13) NULL,
    pers_forename NVARCHAR(100) NULL,
    pers_surname NVARCHAR(255) NULL,
    pers_sex NVARCHAR(20) NULL,
    pers_gender NVARCHAR(10) NULL,
    pers_ethnicity NVARCHAR(48) NULL,
    pers_dob DATETIME2(0) NULL,
    pers_single_unique_id NVARCHAR(48) NULL,
    pers_upn_unknown NVARCHAR(6) NULL,
    pers_send_flag NCHAR(5) NULL,
    pers_expected_dob DATETIME2(0) NULL,
    pers_death_date DATETIME2(0) NULL,
    pers_is_mother NCHAR(1) NULL,
    pers_nationality NVARCHAR(48) NULL,
    PRIMARY KEY (pers_person_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_address', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_address (
    addr_table_id NVARCHAR(48) NOT NULL,
    addr_person_id NVARCHAR(48) NULL,
    addr_address_type NVARCHAR(48) NULL,
    addr_address_start_date DATETIME2(0) NULL,
    addr_address_end_date DATETIME2(0) NULL,
    addr_address_postcode NVARCHAR(15) NULL,
    addr_address_json NVARCHAR(1000) NULL,
    PRIMARY KEY (addr_table_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_disability', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_disability (
    disa_table_id NVARCHAR(48) NOT NULL,
    disa_person_id NVARCHAR(48) NOT NULL,
    disa_disability_code NVARCHAR(48) NOT NULL,
    PRIMARY KEY (disa_table_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_immigration_status', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_immigration_status (
    immi_immigration_status_id NVARCHAR(48) NOT NULL,
    immi_person_id NVARCHAR(48) NULL,
    immi_immigration_status_start_date DATETIME2(0) NULL,
    immi_immigration_status_end_date DATETIME2(0) NULL,
    immi_immigration_status NVARCHAR(100) NULL,
    PRIMARY KEY (immi_immigration_status_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_linked_identifiers', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_linked_identifiers (
    link_table_id NVARCHAR(48) NOT NULL,
    link_person_id NVARCHAR(48) NULL,
    link_identifier_type NVARCHAR(100) NULL,
    link_identifier_value NVARCHAR(100) NULL,
    link_valid_from_date DATETIME2(0) NULL,
    link_valid_to_date DATETIME2(0) NULL,
    PRIMARY KEY (link_table_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_sdq_scores', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_sdq_scores (
    csdq_table_id NVARCHAR(48) NOT NULL,
    csdq_person_id NVARCHAR(48) NULL,
    csdq_sdq_completed_date DATETIME2(0) NULL,
    csdq_sdq_score INT NULL,
    csdq_sdq_reason NVARCHAR(100) NULL,
    PRIMARY KEY (csdq_table_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_cin_episodes', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_cin_episodes (
    cine_referral_id NVARCHAR(48) NOT NULL,
    cine_person_id NVARCHAR(48) NULL,
    cine_referral_date DATETIME2(0) NULL,
    cine_cin_primary_need_code NVARCHAR(3) NULL,
    cine_referral_source_code NVARCHAR(48) NULL,
    cine_referral_source_desc NVARCHAR(255) NULL,
    cine_referral_outcome_json NVARCHAR(4000) NULL,
    cine_referral_nfa NCHAR(1) NULL,
    cine_close_reason NVARCHAR(100) NULL,
    cine_close_date DATETIME2(0) NULL,
    cine_referral_team NVARCHAR(48) NULL,
    cine_referral_worker_id NVARCHAR(48) NULL,
    PRIMARY KEY (cine_referral_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_cin_assessments', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_cin_assessments (
    cina_assessment_id NVARCHAR(48) NOT NULL,
    cina_person_id NVARCHAR(48) NULL,
    cina_referral_id NVARCHAR(48) NULL,
    cina_assessment_start_date DATETIME2(0) NULL,
    cina_assessment_child_seen NCHAR(1) NULL,
    cina_assessment_auth_date DATETIME2(0) NULL,
    cina_assessment_outcome_json NVARCHAR(1000) NULL,
    cina_assessment_outcome_nfa NCHAR(1) NULL,
    cina_assessment_team NVARCHAR(48) NULL,
    cina_assessment_worker_id NVARCHAR(100) NULL,
    PRIMARY KEY (cina_assessment_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_assessment_factors', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_assessment_factors (
    cinf_table_id NVARCHAR(48) NOT NULL,
    cinf_assessment_id NVARCHAR(48) NOT NULL,
    cinf_assessment_factors_json NVARCHAR(MAX) NULL,
    PRIMARY KEY (cinf_table_id, cinf_assessment_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_cin_plans', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_cin_plans (
    cinp_cin_plan_id NVARCHAR(48) NOT NULL,
    cinp_referral_id NVARCHAR(48) NULL,
    cinp_person_id NVARCHAR(48) NULL,
    cinp_cin_plan_start_date DATETIME2(0) NULL,
    cinp_cin_plan_end_date DATETIME2(0) NULL,
    cinp_cin_plan_team NVARCHAR(48) NULL,
    cinp_cin_plan_worker_id NVARCHAR(100) NULL,
    PRIMARY KEY (cinp_cin_plan_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_s47_enquiry', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_s47_enquiry (
    s47e_s47_enquiry_id NVARCHAR(48) NOT NULL,
    s47e_referral_id NVARCHAR(48) NULL,
    s47e_person_id NVARCHAR(48) NULL,
    s47e_s47_start_date DATETIME2(0) NULL,
    s47e_s47_end_date DATETIME2(0) NULL,
    s47e_s47_nfa NCHAR(1) NULL,
    s47e_s47_outcome_json NVARCHAR(1000) NULL,
    s47e_s47_completed_by_team NVARCHAR(48) NULL,
    s47e_s47_completed_by_worker_id NVARCHAR(100) NULL,
    PRIMARY KEY (s47e_s47_enquiry_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_initial_cp_conference', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_initial_cp_conference (
    icpc_icpc_id NVARCHAR(48) NOT NULL,
    icpc_icpc_meeting_id NVARCHAR(48) NULL,
    icpc_s47_enquiry_id NVARCHAR(48) NULL,
    icpc_person_id NVARCHAR(48) NULL,
    icpc_cp_plan_id NVARCHAR(48) NULL,
    icpc_referral_id NVARCHAR(48) NULL,
    icpc_icpc_transfer_in NCHAR(1) NULL,
    icpc_icpc_target_date DATETIME2(0) NULL,
    icpc_icpc_date DATETIME2(0) NULL,
    icpc_icpc_outcome_cp_flag NCHAR(1) NULL,
    icpc_icpc_outcome_json NVARCHAR(1000) NULL,
    icpc_icpc_team NVARCHAR(48) NULL,
    icpc_icpc_worker_id NVARCHAR(100) NULL,
    PRIMARY KEY (icpc_icpc_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_cp_plans', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_cp_plans (
    cppl_cp_plan_id NVARCHAR(48) NOT NULL,
    cppl_referral_id NVARCHAR(48) NULL,
    cppl_icpc_id NVARCHAR(48) NULL,
    cppl_person_id NVARCHAR(48) NULL,
    cppl_cp_plan_start_date DATETIME2(0) NULL,
    cppl_cp_plan_end_date DATETIME2(0) NULL,
    cppl_cp_plan_ola NCHAR(1) NULL,
    cppl_cp_plan_initial_category NVARCHAR(100) NULL,
    cppl_cp_plan_latest_category NVARCHAR(100) NULL,
    PRIMARY KEY (cppl_cp_plan_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_cla_episodes', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_cla_episodes (
    clae_cla_episode_id NVARCHAR(48) NOT NULL,
    clae_person_id NVARCHAR(48) NULL,
    clae_cla_placement_id NVARCHAR(48) NULL,
    clae_cla_episode_start_date DATETIME2(0) NULL,
    clae_cla_episode_start_reason NVARCHAR(100) NULL,
    clae_cla_primary_need_code NVARCHAR(3) NULL,
    clae_cla_episode_ceased_date DATETIME2(0) NULL,
    clae_cla_episode_ceased_reason NVARCHAR(255) NULL,
    clae_cla_id NVARCHAR(48) NULL,
    clae_referral_id NVARCHAR(48) NULL,
    clae_cla_last_iro_contact_date DATETIME2(0) NULL,
    clae_entered_care_date DATETIME2(0) NULL,
    PRIMARY KEY (clae_cla_episode_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_cla_placement', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_cla_placement (
    clap_cla_placement_id NVARCHAR(48) NOT NULL,
    clap_cla_id NVARCHAR(48) NULL,
    clap_person_id NVARCHAR(48) NULL,
    clap_cla_placement_start_date DATETIME2(0) NULL,
    clap_cla_placement_type NVARCHAR(100) NULL,
    clap_cla_placement_urn NVARCHAR(48) NULL,
    clap_cla_placement_distance FLOAT NULL,
    clap_cla_placement_provider NVARCHAR(48) NULL,
    clap_cla_placement_postcode NVARCHAR(8) NULL,
    clap_cla_placement_end_date DATETIME2(0) NULL,
    clap_cla_placement_change_reason NVARCHAR(100) NULL,
    PRIMARY KEY (clap_cla_placement_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_permanence', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_permanence (
    perm_table_id NVARCHAR(48) NOT NULL,
    perm_person_id NVARCHAR(48) NULL,
    perm_cla_id NVARCHAR(48) NULL,
    perm_adm_decision_date DATETIME2(0) NULL,
    perm_part_of_sibling_group NCHAR(1) NULL,
    perm_siblings_placed_together INT NULL,
    perm_siblings_placed_apart INT NULL,
    perm_ffa_cp_decision_date DATETIME2(0) NULL,
    perm_placement_order_date DATETIME2(0) NULL,
    perm_matched_date DATETIME2(0) NULL,
    perm_adopter_sex NVARCHAR(48) NULL,
    perm_adopter_legal_status NVARCHAR(100) NULL,
    perm_number_of_adopters INT NULL,
    perm_placed_for_adoption_date DATETIME2(0) NULL,
    perm_adopted_by_carer_flag NCHAR(1) NULL,
    perm_placed_foster_carer_date DATETIME2(0) NULL,
    perm_placed_ffa_cp_date DATETIME2(0) NULL,
    perm_placement_provider_urn NVARCHAR(48) NULL,
    perm_decision_reversed_date DATETIME2(0) NULL,
    perm_decision_reversed_reason NVARCHAR(100) NULL,
    perm_permanence_order_date DATETIME2(0) NULL,
    perm_permanence_order_type NVARCHAR(100) NULL,
    perm_adoption_worker_id NVARCHAR(100) NULL,
    PRIMARY KEY (perm_table_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_care_leavers', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_care_leavers (
    clea_table_id NVARCHAR(48) NOT NULL,
    clea_person_id NVARCHAR(48) NULL,
    clea_care_leaver_eligibility NVARCHAR(100) NULL,
    clea_care_leaver_in_touch NVARCHAR(100) NULL,
    clea_care_leaver_latest_contact DATETIME2(0) NULL,
    clea_care_leaver_accommodation NVARCHAR(100) NULL,
    clea_care_leaver_accom_suitable NVARCHAR(100) NULL,
    clea_care_leaver_activity NVARCHAR(100) NULL,
    clea_pathway_plan_review_date DATETIME2(0) NULL,
    clea_care_leaver_personal_advisor NVARCHAR(100) NULL,
    clea_care_leaver_allocated_team NVARCHAR(48) NULL,
    clea_care_leaver_worker_id NVARCHAR(100) NULL,
    PRIMARY KEY (clea_table_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_involvements', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_involvements (
    invo_involvements_id NVARCHAR(48) NOT NULL,
    invo_professional_id NVARCHAR(48) NULL,
    invo_professional_role_id NVARCHAR(200) NULL,
    invo_professional_team NVARCHAR(48) NULL,
    invo_person_id NVARCHAR(48) NULL,
    invo_involvement_start_date DATETIME2(0) NULL,
    invo_involvement_end_date DATETIME2(0) NULL,
    invo_worker_change_reason NVARCHAR(200) NULL,
    invo_referral_id NVARCHAR(48) NULL,
    PRIMARY KEY (invo_involvements_id)
  );
END;

IF OBJECT_ID(N'{{ssd_schema}}.ssd_professionals', N'U') IS NULL
BEGIN
  CREATE TABLE {{ssd_schema}}.ssd_professionals (
    prof_professional_id NVARCHAR(48) NOT NULL,
    prof_staff_id NVARCHAR(48) NULL,
    prof_professional_name NVARCHAR(300) NULL,
    prof_social_worker_registration_no NVARCHAR(48) NULL,
    prof_agency_worker_flag NCHAR(1) NULL,
    prof_professional_job_title NVARCHAR(500) NULL,
    prof_professional_caseload INT NULL,
    prof_professional_department NVARCHAR(100) NULL,
    prof_full_time_equivalency FLOAT NULL,
    PRIMARY KEY (prof_professional_id)
  );
END;
