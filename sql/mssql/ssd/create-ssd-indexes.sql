-- create-ssd-indexes.sql: indexes the seed adds on the columns ssd-delta joins and filters on.
-- The SSD DDL ships with most indexes commented out; an LA's DBA may want the same ones.
-- Used only by `ssd-delta seed` (demo, tests, benchmarks), after create-ssd-tables.sql.
-- No parameters, no result. Idempotent: each index is created only when the table lacks it.
-- Translated from sql/postgres/ssd/create-ssd-indexes.sql: same index names, tables and columns,
-- each a plain nonclustered index (the primary key is the clustered one). The Postgres file has
-- no partial or expression index, so nothing needed a filtered index or had to be left out.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_address_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_address'))
  CREATE INDEX ssd_address_person_idx ON {{ssd_schema}}.ssd_address (addr_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_disability_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_disability'))
  CREATE INDEX ssd_disability_person_idx ON {{ssd_schema}}.ssd_disability (disa_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_immigration_status_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_immigration_status'))
  CREATE INDEX ssd_immigration_status_person_idx ON {{ssd_schema}}.ssd_immigration_status (immi_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_linked_identifiers_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_linked_identifiers'))
  CREATE INDEX ssd_linked_identifiers_person_idx ON {{ssd_schema}}.ssd_linked_identifiers (link_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_sdq_scores_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_sdq_scores'))
  CREATE INDEX ssd_sdq_scores_person_idx ON {{ssd_schema}}.ssd_sdq_scores (csdq_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cin_episodes_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cin_episodes'))
  CREATE INDEX ssd_cin_episodes_person_idx ON {{ssd_schema}}.ssd_cin_episodes (cine_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cin_assessments_referral_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cin_assessments'))
  CREATE INDEX ssd_cin_assessments_referral_idx ON {{ssd_schema}}.ssd_cin_assessments (cina_referral_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_assessment_factors_assessment_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_assessment_factors'))
  CREATE INDEX ssd_assessment_factors_assessment_idx ON {{ssd_schema}}.ssd_assessment_factors (cinf_assessment_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cin_plans_referral_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cin_plans'))
  CREATE INDEX ssd_cin_plans_referral_idx ON {{ssd_schema}}.ssd_cin_plans (cinp_referral_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cin_plans_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cin_plans'))
  CREATE INDEX ssd_cin_plans_person_idx ON {{ssd_schema}}.ssd_cin_plans (cinp_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_s47_enquiry_referral_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_s47_enquiry'))
  CREATE INDEX ssd_s47_enquiry_referral_idx ON {{ssd_schema}}.ssd_s47_enquiry (s47e_referral_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_initial_cp_conference_s47_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_initial_cp_conference'))
  CREATE INDEX ssd_initial_cp_conference_s47_idx ON {{ssd_schema}}.ssd_initial_cp_conference (icpc_s47_enquiry_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cp_plans_referral_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cp_plans'))
  CREATE INDEX ssd_cp_plans_referral_idx ON {{ssd_schema}}.ssd_cp_plans (cppl_referral_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cla_episodes_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cla_episodes'))
  CREATE INDEX ssd_cla_episodes_person_idx ON {{ssd_schema}}.ssd_cla_episodes (clae_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cla_episodes_referral_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cla_episodes'))
  CREATE INDEX ssd_cla_episodes_referral_idx ON {{ssd_schema}}.ssd_cla_episodes (clae_referral_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cla_episodes_cla_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cla_episodes'))
  CREATE INDEX ssd_cla_episodes_cla_idx ON {{ssd_schema}}.ssd_cla_episodes (clae_cla_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cla_placement_cla_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cla_placement'))
  CREATE INDEX ssd_cla_placement_cla_idx ON {{ssd_schema}}.ssd_cla_placement (clap_cla_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_cla_placement_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_cla_placement'))
  CREATE INDEX ssd_cla_placement_person_idx ON {{ssd_schema}}.ssd_cla_placement (clap_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_permanence_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_permanence'))
  CREATE INDEX ssd_permanence_person_idx ON {{ssd_schema}}.ssd_permanence (perm_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_permanence_cla_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_permanence'))
  CREATE INDEX ssd_permanence_cla_idx ON {{ssd_schema}}.ssd_permanence (perm_cla_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_care_leavers_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_care_leavers'))
  CREATE INDEX ssd_care_leavers_person_idx ON {{ssd_schema}}.ssd_care_leavers (clea_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_involvements_person_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_involvements'))
  CREATE INDEX ssd_involvements_person_idx ON {{ssd_schema}}.ssd_involvements (invo_person_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_involvements_referral_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_involvements'))
  CREATE INDEX ssd_involvements_referral_idx ON {{ssd_schema}}.ssd_involvements (invo_referral_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ssd_involvements_professional_idx' AND object_id = OBJECT_ID(N'{{ssd_schema}}.ssd_involvements'))
  CREATE INDEX ssd_involvements_professional_idx ON {{ssd_schema}}.ssd_involvements (invo_professional_id);
