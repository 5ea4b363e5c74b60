import type { BuildContext } from '../build-context.js';
import type { ChildDetails } from '../child-document.js';
import type { Nullable } from '../compact.js';
import { cleanText, compareText, dateValue, upnUnknownCode } from '../field-conversions.js';
import { column, personRow, tableRows } from '../table-rows.js';

/** The three UPN keys of `child_details`, before compacting. */
export type PupilNumberFields = Nullable<
  Pick<ChildDetails, 'unique_pupil_number' | 'former_unique_pupil_number' | 'unique_pupil_number_unknown_reason'>
>;

/** A UPN is exactly 13 characters (OpenAPI minLength = maxLength = 13). */
const UPN_LENGTH = 13;
/** The only linked-identifier type the payload reads. */
const FORMER_UPN_TYPE = 'former unique pupil number';

/**
 * UPN, former UPN and UPN unknown reason. `pers_upn` may hold an `UNn` code instead of a UPN:
 * then the UPN is left out and the code becomes the unknown reason (unless `pers_upn_unknown`
 * already gives one).
 */
export function buildPupilNumbers(ctx: BuildContext): PupilNumberFields {
  const person = personRow(ctx.rows);
  const upn = person === null ? null : cleanText(column(person, 'pers_upn'));
  const declared = person === null ? null : cleanText(column(person, 'pers_upn_unknown'));
  const declaredCode = upnUnknownCode(declared);
  if (declared !== null && declaredCode === null) {
    ctx.report({
      path: 'child_details.unique_pupil_number_unknown_reason',
      rule: 'code',
      severity: 'warning',
      detail: `pers_upn_unknown (length ${declared.length}) is not UN1..UN10; left out`,
    });
  }
  return {
    unique_pupil_number: upnValue(upn, ctx),
    former_unique_pupil_number: formerUpn(ctx),
    unique_pupil_number_unknown_reason: declaredCode ?? upnUnknownCode(upn),
  };
}

/**
 * `pers_upn` unless it holds an unknown-reason code. A value that is not 13 characters would
 * make the receiver reject the whole batch, so it is left out with a warning, like the former
 * UPN rule in payload.md.
 */
function upnValue(upn: string | null, ctx: BuildContext): string | null {
  if (upn === null || upnUnknownCode(upn) !== null) return null;
  if (upn.length === UPN_LENGTH) return upn;
  ctx.report({
    path: 'child_details.unique_pupil_number',
    rule: 'length',
    severity: 'warning',
    detail: `length ${upn.length}, expected ${UPN_LENGTH}; left out`,
  });
  return null;
}

/**
 * Latest former-UPN linked identifier by valid-from date, sent only when exactly 13
 * characters. Rows with equal dates are ordered by value, because `link_table_id` is
 * regenerated every load and the input order means nothing.
 */
function formerUpn(ctx: BuildContext): string | null {
  const candidates = tableRows(ctx.rows, 'ssd_linked_identifiers')
    .filter((row) => cleanText(column(row, 'link_identifier_type'))?.toLowerCase() === FORMER_UPN_TYPE)
    .map((row) => ({
      from: dateValue(column(row, 'link_valid_from_date')) ?? '',
      value: cleanText(column(row, 'link_identifier_value')) ?? '',
    }))
    .sort((a, b) => compareText(b.from, a.from) || compareText(b.value, a.value));
  const latest = candidates[0]?.value;
  return latest !== undefined && latest.length === UPN_LENGTH ? latest : null;
}
