-- create-ssd-indexes.sql: indexes the seed adds on the columns ssd-delta joins and filters on.
-- The SSD DDL ships with most indexes commented out; an LA's DBA may want the same ones.
CREATE INDEX IF NOT EXISTS ssd_address_person_idx ON {{ssd_schema}}.ssd_address (addr_person_id);
CREATE INDEX IF NOT EXISTS ssd_disability_person_idx ON {{ssd_schema}}.ssd_disability (disa_person_id);
CREATE INDEX IF NOT EXISTS ssd_immigration_status_person_idx ON {{ssd_schema}}.ssd_immigration_status (immi_person_id);
CREATE INDEX IF NOT EXISTS ssd_linked_identifiers_person_idx ON {{ssd_schema}}.ssd_linked_identifiers (link_person_id);
CREATE INDEX IF NOT EXISTS ssd_sdq_scores_person_idx ON {{ssd_schema}}.ssd_sdq_scores (csdq_person_id);
CREATE INDEX IF NOT EXISTS ssd_cin_episodes_person_idx ON {{ssd_schema}}.ssd_cin_episodes (cine_person_id);
CREATE INDEX IF NOT EXISTS ssd_cin_assessments_referral_idx ON {{ssd_schema}}.ssd_cin_assessments (cina_referral_id);
CREATE INDEX IF NOT EXISTS ssd_assessment_factors_assessment_idx ON {{ssd_schema}}.ssd_assessment_factors (cinf_assessment_id);
CREATE INDEX IF NOT EXISTS ssd_cin_plans_referral_idx ON {{ssd_schema}}.ssd_cin_plans (cinp_referral_id);
CREATE INDEX IF NOT EXISTS ssd_cin_plans_person_idx ON {{ssd_schema}}.ssd_cin_plans (cinp_person_id);
CREATE INDEX IF NOT EXISTS ssd_s47_enquiry_referral_idx ON {{ssd_schema}}.ssd_s47_enquiry (s47e_referral_id);
CREATE INDEX IF NOT EXISTS ssd_initial_cp_conference_s47_idx ON {{ssd_schema}}.ssd_initial_cp_conference (icpc_s47_enquiry_id);
CREATE INDEX IF NOT EXISTS ssd_cp_plans_referral_idx ON {{ssd_schema}}.ssd_cp_plans (cppl_referral_id);
CREATE INDEX IF NOT EXISTS ssd_cla_episodes_person_idx ON {{ssd_schema}}.ssd_cla_episodes (clae_person_id);
CREATE INDEX IF NOT EXISTS ssd_cla_episodes_referral_idx ON {{ssd_schema}}.ssd_cla_episodes (clae_referral_id);
CREATE INDEX IF NOT EXISTS ssd_cla_episodes_cla_idx ON {{ssd_schema}}.ssd_cla_episodes (clae_cla_id);
CREATE INDEX IF NOT EXISTS ssd_cla_placement_cla_idx ON {{ssd_schema}}.ssd_cla_placement (clap_cla_id);
CREATE INDEX IF NOT EXISTS ssd_cla_placement_person_idx ON {{ssd_schema}}.ssd_cla_placement (clap_person_id);
CREATE INDEX IF NOT EXISTS ssd_permanence_person_idx ON {{ssd_schema}}.ssd_permanence (perm_person_id);
CREATE INDEX IF NOT EXISTS ssd_permanence_cla_idx ON {{ssd_schema}}.ssd_permanence (perm_cla_id);
CREATE INDEX IF NOT EXISTS ssd_care_leavers_person_idx ON {{ssd_schema}}.ssd_care_leavers (clea_person_id);
CREATE INDEX IF NOT EXISTS ssd_involvements_person_idx ON {{ssd_schema}}.ssd_involvements (invo_person_id);
CREATE INDEX IF NOT EXISTS ssd_involvements_referral_idx ON {{ssd_schema}}.ssd_involvements (invo_referral_id);
CREATE INDEX IF NOT EXISTS ssd_involvements_professional_idx ON {{ssd_schema}}.ssd_involvements (invo_professional_id);
