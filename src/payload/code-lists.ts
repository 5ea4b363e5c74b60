/**
 * The coded values the API wants where some SSD variants hold descriptions (ssd-tables.md:
 * SystemC loads lookup descriptions for care-leaver activity and accommodation, immigration
 * status and CLA start and end reasons). Each list names the codes the API takes and, per code,
 * the description the DfE's SSDA903 guidance gives it. An LA adds its own spellings in config
 * (`payload.codes`, see code-lookup.ts). A value that is neither a code, nor a code followed by a
 * description, nor a known description is left out and reported: a cut description is never
 * sent as a code.
 */

/** The coded fields, by their config name. */
export type CodeField = 'careLeaverActivity' | 'careLeaverAccommodation' | 'immigrationStatus' | 'claStartReason' | 'claEndReason';

/** One coded field: the codes it allows. */
export interface CodeList {
  /** Code -> the DfE's descriptions of it (any case and punctuation; see code-lookup.ts). */
  readonly codes: Readonly<Record<string, readonly string[]>>;
  /**
   * True when values outside the list are normal and mean "none of these" rather than a code
   * the lookup is missing (immigration statuses: only UASC matters), so they are not reported.
   */
  readonly othersExpected?: boolean;
}

/** The coded fields and their built-in codes and descriptions. */
export const CODE_LISTS: Readonly<Record<CodeField, CodeList>> = {
  careLeaverActivity: {
    codes: {
      F1: ['Young person engaged full time in higher education (i.e. studies beyond A level)'],
      P1: ['Young person engaged part time in higher education (i.e. studies beyond A level)'],
      F2: ['Young person engaged full time in education other than higher education'],
      P2: ['Young person engaged part time in education other than higher education'],
      F4: ['Young person engaged full time in an apprenticeship'],
      P4: ['Young person engaged part time in an apprenticeship'],
      F5: ['Young person engaged full time in training or employment (not apprenticeship)'],
      P5: ['Young person engaged part time in training or employment (not apprenticeship)'],
      G4: ['Young person not in education, employment or training because of illness/disability'],
      G5: ['Young person not in education, employment or training because of other reasons'],
      G6: ['Young person not in education, employment or training because of pregnancy or parenting'],
    },
  },
  careLeaverAccommodation: {
    codes: {
      B: ['With parents or relatives'],
      C: ['Community home or other form of residential care such as an NHS establishment'],
      D: ['Semi-independent, transitional accommodation and self-contained accommodation'],
      E: ['Supported lodgings'],
      G: ['Gone abroad'],
      H: ['Deported'],
      K: ['Ordinary lodgings, without formal support'],
      R: ['Residence not known'],
      S: ['No fixed abode/homeless'],
      T: ['Foyers and similar supported accommodation which provides access to education, training or employment'],
      U: ['Independent living, for example, in a flat, tenancy or house'],
      V: ['Emergency accommodation'],
    },
  },
  immigrationStatus: {
    codes: { U: ['Unaccompanied asylum seeking child', 'UASC', 'Unaccompanied asylum-seeking child (UASC)'] },
    othersExpected: true,
  },
  claStartReason: {
    codes: {
      S: ['Started to be looked after'],
      L: ['Change of legal status only'],
      P: ['Change of placement and carer(s) only'],
      T: ['Change of both legal status and placement and carer(s) at the same time'],
      U: ['Change of legal status and placement, but carer(s) stayed the same'],
      B: ['Change of placement but carer(s) stayed the same'],
    },
  },
  claEndReason: {
    codes: {
      E11: ['Adopted - application for an adoption order unopposed'],
      E12: ['Adopted - consent dispensed with by the court'],
      E13: ['Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility'],
      E14: ['Accommodation on remand ended'],
      E15: ['Age assessment determined child is aged 18 or over'],
      E16: ['Child moved abroad'],
      E17: ['Aged 18 (or over) and remained with current carers'],
      E2: ['Died'],
      E3: ['Care taken by another local authority'],
      E41: ['Residence order granted', 'Child arrangement order granted'],
      E45: ['Special guardianship order made to former foster carer(s), who was/are a relative(s) or friend(s)'],
      E46: ['Special guardianship order made to former foster carer(s), other than relative(s) or friend(s)'],
      E47: ['Special guardianship order made to carer(s), other than former foster carer(s), who was/are a relative(s) or friend(s)'],
      E48: ['Special guardianship order made to carer(s), other than former foster carer(s), other than relative(s) or friend(s)'],
      E4A: ['Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility as part of the care planning process'],
      E4B: ['Returned home to live with parent(s), relative(s), or other person(s) with parental responsibility which was not part of the current care planning process'],
      E5: ['Moved into independent living arrangement and no longer looked-after: supportive accommodation providing formalised advice/support arrangements'],
      E6: ['Moved into independent living arrangement and no longer looked-after: accommodation providing no formalised advice/support arrangements'],
      E7: ['Transferred to residential care funded by adult social care services'],
      E8: ['Period of being looked-after ended for any other reason'],
      E9: ['Sentenced to custody'],
      X1: ['Episode ceases, and new episode begins on same day, for any reason'],
    },
  },
};
