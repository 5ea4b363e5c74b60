/**
 * Code lists the synthetic LA draws from: national CIN/CLA codes as the SSD holds them,
 * with weights where a uniform draw would look wrong (most referrals are not from code 10).
 */

/** `[value, weight]` pairs for Random.weighted. */
export type Weighted<T> = readonly (readonly [T, number])[];

/** National ethnicity codes; WBRI dominates as it does in most English LAs. */
export const ETHNICITIES: Weighted<string> = [
  ['WBRI', 62], ['WIRI', 1], ['WOTH', 5], ['WIRT', 1], ['WROM', 1], ['MWBC', 4], ['MWBA', 1],
  ['MWAS', 1], ['MOTH', 3], ['AIND', 2], ['APKN', 3], ['ABAN', 1], ['AOTH', 1], ['BCRB', 1],
  ['BAFR', 4], ['BOTH', 1], ['CHNE', 1], ['OOTH', 2], ['REFU', 2], ['NOBT', 3],
];

/** Referral source codes (CIN census), plus rare SystemC lookup ids that match no pattern. */
export const REFERRAL_SOURCES: Weighted<string> = [
  ['1A', 3], ['1B', 2], ['1C', 1], ['1D', 4], ['2A', 3], ['2B', 4], ['3A', 8], ['3B', 2], ['3C', 2],
  ['3D', 1], ['3E', 6], ['3F', 2], ['4', 3], ['5A', 25], ['5B', 8], ['5C', 10], ['5D', 3], ['6', 2],
  ['7', 1], ['8', 3], ['9', 2], ['10', 4], ['1042', 1],
];

/** Closure reasons RC1..RC8; RC7 (no longer in need) and RC8 (NFA after assessment) lead. */
export const CLOSE_REASONS: Weighted<string> = [
  ['RC1', 1], ['RC2', 0.2], ['RC3', 2], ['RC4', 2], ['RC5', 4], ['RC6', 3], ['RC7', 55], ['RC8', 33],
];

/** CIN primary need codes N1..N9 (N1 abuse or neglect is the most common). */
export const PRIMARY_NEEDS: Weighted<string> = [
  ['N1', 50], ['N2', 4], ['N3', 6], ['N4', 15], ['N5', 5], ['N6', 7], ['N7', 2], ['N8', 4], ['N9', 7],
];

/** Assessment factor codes in their sorted (number, then letter) order, 1A to 24A. */
export const ASSESSMENT_FACTORS: readonly string[] = [
  '1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '5B', '5C', '6A',
  '6B', '6C', '7A', '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A', '14A', '15A',
  '16A', '17A', '18B', '18C', '19A', '19B', '19C', '20', '21', '22A', '23A', '24A',
];

/** Disability codes other than NONE. */
export const DISABILITIES: readonly string[] = [
  'MOB', 'HAND', 'PC', 'INC', 'COMM', 'LD', 'HEAR', 'VIS', 'BEH', 'CON', 'AUT', 'DDA',
];

/** CP plan categories as SystemC stores them (descriptions, not codes). */
export const CP_CATEGORIES: Weighted<string> = [
  ['Neglect', 45], ['Emotional abuse', 38], ['Physical abuse', 8], ['Sexual abuse', 4], ['Multiple', 5],
];

/** CLA start reasons for the first episode of a period of care and for later ones. */
export const CLA_FIRST_START = 'S - Started to be looked after';
/** Start reasons of later episodes in a period: placement and/or legal status changes. */
export const CLA_LATER_STARTS: Weighted<string> = [
  ['P - Change of placement and carer(s) only', 50], ['L - Change of legal status only', 25],
  ['T - Change of both legal status and placement and carer(s)', 15], ['U - Change of legal status and placement but not carer(s)', 5],
  ['B - Change of placement and legal status and carer(s)', 5],
];

/** Ceased reason of an episode that is followed by another in the same period. */
export const CLA_CEASED_CONTINUING = 'X1 - Episode ceases and new episode begins';
/** Ceased reasons that end a period of care (E-codes); the first 3 characters are the code. */
export const CLA_CEASED_FINAL: Weighted<string> = [
  ['E11', 8], ['E12', 4], ['E13', 10], ['E14', 3], ['E15', 2], ['E16', 2], ['E17', 3], ['E2', 0.3],
  ['E3', 1], ['E41', 5], ['E45', 5], ['E46', 2], ['E47', 2], ['E48', 2], ['E4A', 25], ['E4B', 5],
  ['E5', 2], ['E6', 1], ['E7', 4], ['E8', 10], ['E9', 1],
];
/** Ceased reasons at the 18th birthday of a care leaver. */
export const CLA_CEASED_AT_18: Weighted<string> = [['E17', 20], ['E8', 40], ['E13', 10], ['E15', 10], ['E16', 20]];

/** Placement types; foster placements (U and K codes) dominate. */
export const PLACEMENT_TYPES: Weighted<string> = [
  ['U1', 10], ['U2', 4], ['U3', 40], ['U4', 10], ['U5', 4], ['U6', 2], ['K1', 6], ['K2', 8], ['P1', 6],
  ['P2', 2], ['R1', 1], ['R2', 1], ['H5', 3], ['S1', 1], ['T0', 1], ['T1', 0.5], ['A3', 1], ['A5', 1], ['Z1', 1],
];

/** Reasons for a placement change (CLA return codes). */
export const PLACEMENT_CHANGE_REASONS: readonly string[] = [
  'CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'OTHER',
];

/** Placement provider codes PR0..PR5. */
export const PLACEMENT_PROVIDERS: readonly string[] = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'];

/** Care leaver accommodation codes; some rows get a description after the code. */
export const CARE_LEAVER_ACCOMMODATION: readonly string[] = ['B', 'C', 'D', 'E', 'G', 'H', 'K', 'R', 'S', 'T', 'U', 'V'];
/** Care leaver activity codes. */
export const CARE_LEAVER_ACTIVITY: readonly string[] = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6'];
/** Care leaver in-touch values. */
export const CARE_LEAVER_IN_TOUCH: Weighted<string> = [['YES', 85], ['NO', 6], ['REFU', 3], ['RHOM', 3], ['NREQ', 3]];
/** Care leaver eligibility categories. */
export const CARE_LEAVER_ELIGIBILITY: readonly string[] = ['Relevant', 'Former relevant', 'Eligible', 'Qualifying'];

/** Involvement roles other than the allocated social worker (CW), which is the one sent. */
export const OTHER_ROLES: readonly string[] = ['FSW', 'EH', 'SUP', 'LAO', 'PSW'];

/** Non-UASC immigration statuses, held as descriptions the way SystemC loads them. */
export const IMMIGRATION_OTHER: readonly string[] = [
  'Refugee Status', 'Indefinite Leave to Remain', 'Asylum Seeker', 'Limited Leave to Remain',
];

/** Nationalities (descriptions). */
export const NATIONALITIES: Weighted<string> = [
  ['British', 88], ['Polish', 2], ['Romanian', 2], ['Afghan', 1], ['Eritrean', 1], ['Sudanese', 1],
  ['Albanian', 1], ['Irish', 1], ['Pakistani', 1], ['Nigerian', 1], ['Syrian', 1],
];
