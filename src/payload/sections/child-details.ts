import type { SsdRow } from '../../source/ssd-row.js';
import type { BuildContext } from '../build-context.js';
import type { ChildDetails } from '../child-document.js';
import { compact } from '../compact.js';
import {
  cleanText,
  clippedText,
  compareText,
  dateValue,
  disabilityCodes,
  sexCode,
} from '../field-conversions.js';
import { column, personRow, tableRows } from '../table-rows.js';
import { buildPupilNumbers } from './pupil-numbers.js';
import { buildUascStatus } from './uasc-status.js';

/** OpenAPI limits for `child_details` values. */
const ETHNICITY_MAX = 4;
const DISABILITY_CODE_MAX = 4;
const DISABILITIES_MAX_ITEMS = 12;
const POSTCODE_MAX = 8;

/**
 * The whole `child_details` block. Always present in a built document, with `sex`,
 * `disabilities`, `uasc_flag` and `purge` always set; other keys are left out when null.
 * A missing person row yields the defaults only (the builder never calls it then).
 */
export function buildChildDetails(ctx: BuildContext): ChildDetails {
  const person: SsdRow = personRow(ctx.rows) ?? {};
  const uasc = buildUascStatus(ctx);
  return compact<ChildDetails>({
    ...buildPupilNumbers(ctx),
    first_name: cleanText(column(person, 'pers_forename')),
    surname: cleanText(column(person, 'pers_surname')),
    date_of_birth: dateValue(column(person, 'pers_dob')),
    expected_date_of_birth: dateValue(column(person, 'pers_expected_dob')),
    sex: sexCode(column(person, 'pers_sex')),
    ethnicity: ethnicity(person, ctx),
    disabilities: disabilities(ctx),
    postcode: postcode(ctx),
    uasc_flag: uasc.uasc_flag,
    uasc_end_date: uasc.uasc_end_date,
    purge: false,
  });
}

/** Trimmed ethnicity, first 4 characters kept (ssd-tables.md); a cut is reported. */
function ethnicity(person: SsdRow, ctx: BuildContext): string | null {
  const { value, originalLength } = clippedText(column(person, 'pers_ethnicity'), ETHNICITY_MAX);
  if (originalLength > ETHNICITY_MAX) {
    ctx.report({
      path: 'child_details.ethnicity',
      rule: 'truncated',
      severity: 'warning',
      detail: `length ${originalLength}; first ${ETHNICITY_MAX} characters kept`,
    });
  }
  return value;
}

/**
 * Disability codes. A code longer than 4 or more than 12 codes breaks the contract; they are
 * reported as errors and never cut, because dropping a code would misstate the child's needs.
 */
function disabilities(ctx: BuildContext): string[] {
  const codes = disabilityCodes(
    tableRows(ctx.rows, 'ssd_disability').map((row) => column(row, 'disa_disability_code')),
  );
  const long = codes.filter((code) => code.length > DISABILITY_CODE_MAX);
  if (long.length > 0) {
    ctx.report({
      path: 'child_details.disabilities',
      rule: 'maxLength',
      severity: 'error',
      detail: `${long.length} code(s) longer than ${DISABILITY_CODE_MAX} characters`,
    });
  }
  if (codes.length > DISABILITIES_MAX_ITEMS) {
    ctx.report({
      path: 'child_details.disabilities',
      rule: 'maxItems',
      severity: 'error',
      detail: `${codes.length} distinct codes, at most ${DISABILITIES_MAX_ITEMS} allowed`,
    });
  }
  return codes;
}

/**
 * Postcode of the address with the latest start date (type and end date ignored, as in the
 * reference). Ties go to a row with a postcode, then the higher `addr_table_id`, so the input
 * order never decides. A postcode over 8 characters is left out with a warning.
 */
function postcode(ctx: BuildContext): string | null {
  const latest = tableRows(ctx.rows, 'ssd_address')
    .map((row) => ({
      start: dateValue(column(row, 'addr_address_start_date')) ?? '',
      postcode: cleanText(column(row, 'addr_address_postcode')),
      id: cleanText(column(row, 'addr_table_id')) ?? '',
    }))
    .sort(
      (a, b) =>
        compareText(b.start, a.start) ||
        Number(b.postcode !== null) - Number(a.postcode !== null) ||
        compareText(b.id, a.id),
    )[0];
  const value = latest?.postcode ?? null;
  if (value === null || value.length <= POSTCODE_MAX) return value;
  ctx.report({
    path: 'child_details.postcode',
    rule: 'maxLength',
    severity: 'warning',
    detail: `length ${value.length} exceeds ${POSTCODE_MAX}; left out`,
  });
  return null;
}
