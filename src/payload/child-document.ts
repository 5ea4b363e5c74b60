/**
 * The DfE CSC API child document (OpenAPI 1.0.1, schema `CSC` item), as this project builds it.
 *
 * The OpenAPI document requires only `la_child_id` and each item's id. Keys marked required
 * here are ones payload.md says a full document always carries; a partial-mode item
 * (`{<id key>, purge: true}`) still fits because every other key is optional. Dates are
 * `YYYY-MM-DD` strings. No key may be added that is not declared here: the receiver sets
 * `additionalProperties: false` at every level.
 */
export interface ChildDocument {
  /** `pers_person_id`, 1..20 of `[A-Za-z0-9]`; never altered. */
  la_child_id: string;
  /** Trimmed `pers_legacy_id`, 1..36 of `[A-Za-z0-9_-]`; omitted when blank or unfit. */
  mis_child_id?: string;
  /** false in normal documents; true removes the whole child. */
  purge: boolean;
  /** Personal details; always present in a built document. */
  child_details: ChildDetails;
  /** SDQ scores; omitted when there are none in the window. */
  health_and_wellbeing?: HealthAndWellbeing;
  /** CIN episodes overlapping the window, by referral date then id. */
  social_care_episodes?: SocialCareEpisode[];
}

/** A whole-child deletion request: `{la_child_id, mis_child_id?, purge: true}`. */
export interface PurgeDocument {
  /** As in {@link ChildDocument.la_child_id}. */
  la_child_id: string;
  /** As in {@link ChildDocument.mis_child_id}. */
  mis_child_id?: string;
  /** Always true: asks the receiver to delete the child. */
  purge: true;
}

/** `child_details`: identity and characteristics of the child. */
export interface ChildDetails {
  /** 13 characters; omitted when the source holds an `UNn` code instead. */
  unique_pupil_number?: string;
  /** 13 characters, from the latest former-UPN linked identifier. */
  former_unique_pupil_number?: string;
  /** `UN1`..`UN10`. */
  unique_pupil_number_unknown_reason?: string;
  /** Forename. */
  first_name?: string;
  /** Surname. */
  surname?: string;
  /** Date of birth. */
  date_of_birth?: string;
  /** Expected date of birth (unborn children). */
  expected_date_of_birth?: string;
  /** `M`, `F` or `U`. */
  sex: 'M' | 'F' | 'U';
  /** Ethnicity code, at most 4 characters (e.g. `WBRI`). */
  ethnicity?: string;
  /** Distinct disability codes (each <= 4, at most 12), sorted; `["NONE"]` when none. */
  disabilities: string[];
  /** Postcode (<= 8) of the address with the latest start date. */
  postcode?: string;
  /** Unaccompanied asylum-seeking child at some point in the window. */
  uasc_flag: boolean;
  /** End of the UASC status; omitted when never UASC or still UASC. */
  uasc_end_date?: string;
  /** false; true removes personal details only. */
  purge: boolean;
}

/** `health_and_wellbeing`: SDQ assessments. */
export interface HealthAndWellbeing {
  /** SDQ scores completed in the window, newest first. */
  sdq_assessments?: SdqAssessment[];
  /** false; true removes this block. */
  purge: boolean;
}

/** One Strengths and Difficulties Questionnaire result. */
export interface SdqAssessment {
  /** Completion date. */
  date?: string;
  /** Total score (integer; the only number in the document). */
  score?: number;
}

/** One referral (CIN episode) and everything nested under it. */
export interface SocialCareEpisode {
  /** `cine_referral_id`; <= 36 of `[A-Za-z0-9_-]`. */
  social_care_episode_id: string;
  /** Referral date. */
  referral_date?: string;
  /** Normalised referral source code (<= 2). */
  referral_source?: string;
  /** Referral ended in no further action. */
  referral_no_further_action_flag?: boolean;
  /** Case closure date. */
  closure_date?: string;
  /** Closure reason code (<= 3, e.g. `RC7`). */
  closure_reason?: string;
  /** Allocated social workers active on a census date (no purge key). */
  care_worker_details?: CareWorker[];
  /** Child and family assessments. */
  child_and_family_assessments?: ChildAndFamilyAssessment[];
  /** Child in need plans. */
  child_in_need_plans?: ChildInNeedPlan[];
  /** Section 47 enquiries. */
  section_47_assessments?: Section47Assessment[];
  /** Child protection plans. */
  child_protection_plans?: ChildProtectionPlan[];
  /** Looked-after placements, newest first. */
  child_looked_after_placements?: ChildLookedAfterPlacement[];
  /** Child-level adoption data, repeated in every episode. */
  adoption?: Adoption;
  /** Child-level care-leaver data, repeated in every episode. */
  care_leavers?: CareLeavers;
  /** false; true removes the episode and everything under it. */
  purge: boolean;
}

/** One allocated worker. */
export interface CareWorker {
  /** Social Work England registration number (<= 12). */
  worker_id?: string;
  /** Involvement start. */
  start_date?: string;
  /** Involvement end. */
  end_date?: string;
}

/** One child and family assessment. */
export interface ChildAndFamilyAssessment {
  /** `cina_assessment_id`. */
  child_and_family_assessment_id: string;
  /** Start date. */
  start_date?: string;
  /** Authorisation date. */
  authorisation_date?: string;
  /** Distinct factor codes (each <= 3, at most 41), sorted; `[]` when none. */
  factors?: string[];
  /** false; true removes this assessment. */
  purge: boolean;
}

/** One child in need plan. */
export interface ChildInNeedPlan {
  /** `cinp_cin_plan_id`. */
  child_in_need_plan_id: string;
  /** Start date. */
  start_date?: string;
  /** End date. */
  end_date?: string;
  /** false; true removes this plan. */
  purge: boolean;
}

/** One section 47 enquiry. */
export interface Section47Assessment {
  /** `s47e_s47_enquiry_id`. */
  section_47_assessment_id: string;
  /** Start date. */
  start_date?: string;
  /** Whether an initial child protection conference is required. */
  icpc_required_flag?: boolean;
  /** Latest initial child protection conference date. */
  icpc_date?: string;
  /** End date. */
  end_date?: string;
  /** false; true removes this enquiry. */
  purge: boolean;
}

/** One child protection plan. */
export interface ChildProtectionPlan {
  /** `cppl_cp_plan_id`. */
  child_protection_plan_id: string;
  /** Start date. */
  start_date?: string;
  /** End date. */
  end_date?: string;
  /** false; true removes this plan. */
  purge: boolean;
}

/** One looked-after placement. */
export interface ChildLookedAfterPlacement {
  /** `clap_cla_placement_id`. */
  child_looked_after_placement_id: string;
  /** Start date. */
  start_date?: string;
  /** Reason for entering care (1 character). */
  start_reason?: string;
  /** Placement type (<= 3, e.g. `K1`). */
  placement_type?: string;
  /** Placement postcode (<= 8). */
  postcode?: string;
  /** End date; omitted when before the start date. */
  end_date?: string;
  /** Reason the episode ceased (<= 3, E-codes). */
  end_reason?: string;
  /** Reason the placement changed (<= 6). */
  change_reason?: string;
  /** false; true removes this placement. */
  purge: boolean;
}

/** Adoption decisions (child-level, repeated per episode). */
export interface Adoption {
  /** Decision that the child should be placed for adoption. */
  initial_decision_date?: string;
  /** Matched with prospective adopters. */
  matched_date?: string;
  /** Placed for adoption. */
  placed_date?: string;
  /** false; true removes adoption data for this episode. */
  purge: boolean;
}

/** Care-leaver status (child-level, repeated per episode). */
export interface CareLeavers {
  /** Latest contact date. */
  contact_date?: string;
  /** Activity code (<= 2). */
  activity?: string;
  /** Accommodation code (1 character). */
  accommodation?: string;
  /** false; true removes care-leaver data for this episode. */
  purge: boolean;
}
