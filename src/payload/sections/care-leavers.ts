import type { SsdValue } from '../../source/ssd-row.js';
import type { BuildContext } from '../build-context.js';
import type { CareLeavers } from '../child-document.js';
import { compact } from '../compact.js';
import { cleanText, compareText, dateValue } from '../field-conversions.js';
import { column, tableRows } from '../table-rows.js';
import type { EpisodePart } from './episode-part.js';

/** Care-leaver activity codes (payload.md, Code lists seen). */
export const CARE_LEAVER_ACTIVITY_CODES: ReadonlySet<string> = new Set([
  'F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6',
]);
/** Care-leaver accommodation codes (payload.md, Code lists seen). */
export const CARE_LEAVER_ACCOMMODATION_CODES: ReadonlySet<string> = new Set([
  'B', 'C', 'D', 'E', 'G', 'H', 'K', 'R', 'S', 'T', 'U', 'V',
]);

/** The block is child-level: built (and its warnings reported) once per document. */
const built = new WeakMap<BuildContext, CareLeavers | null>();

/**
 * `care_leavers`: keyed by child, so the same object is put in every episode (payload.md). The
 * child's latest `ssd_care_leavers` row by `clea_care_leaver_latest_contact` (no window filter;
 * a row without a contact date comes last), then the highest `clea_table_id`, then content, so
 * rows that tie on both (Mosaic loads no id) still pick the same row every time. Problems are
 * reported once, against the first episode that carries the block.
 */
export const careLeaversPart: EpisodePart = (episode, ctx) => {
  if (!built.has(ctx)) built.set(ctx, childCareLeavers(ctx, `${episode.path}.care_leavers`));
  const block = built.get(ctx) ?? null;
  return { care_leavers: block === null ? null : { ...block } };
};

/** The child's care-leaver block, or null when the child has no care-leaver row. */
export function childCareLeavers(ctx: BuildContext, path: string): CareLeavers | null {
  const latest = tableRows(ctx.rows, 'ssd_care_leavers')
    .map((row) => ({
      contact: dateValue(column(row, 'clea_care_leaver_latest_contact')),
      id: cleanText(column(row, 'clea_table_id')) ?? '',
      activity: column(row, 'clea_care_leaver_activity'),
      accommodation: column(row, 'clea_care_leaver_accommodation'),
    }))
    .sort(
      (a, b) =>
        compareText(b.contact ?? '', a.contact ?? '') ||
        compareText(b.id, a.id) ||
        compareText(String(b.activity ?? ''), String(a.activity ?? '')) ||
        compareText(String(b.accommodation ?? ''), String(a.accommodation ?? '')),
    )[0];
  if (latest === undefined) return null;
  const code = (key: 'activity' | 'accommodation', value: SsdValue, known: ReadonlySet<string>, length: number) => {
    const result = leadingCode(value, known, length);
    if (result.rejectedLength !== null) {
      ctx.report({
        path: `${path}.${key}`,
        rule: 'code',
        severity: 'warning',
        detail: `value (length ${result.rejectedLength}) does not start with a known ${length}-character code; left out (repeated in every episode)`,
      });
    }
    return result.code;
  };
  return compact<CareLeavers>({
    contact_date: latest.contact,
    activity: code('activity', latest.activity, CARE_LEAVER_ACTIVITY_CODES, 2),
    accommodation: code('accommodation', latest.accommodation, CARE_LEAVER_ACCOMMODATION_CODES, 1),
    purge: false,
  });
}

/** A separator that may follow a code at the start of a longer value: whitespace or a dash. */
const AFTER_CODE = /^[\s\-\u2013\u2014]/;

/**
 * The code a value holds: the trimmed, upper-cased value when it is exactly a known code, or its
 * first `length` characters when they are a known code followed by whitespace or a dash
 * (`F2 - Full time`). Anything else, e.g. a description such as `Full time education`, is
 * rejected rather than cut, because its first characters are not a code (SystemC loads the
 * descriptions). Blank is neither code nor rejection.
 */
export function leadingCode(
  value: SsdValue,
  known: ReadonlySet<string>,
  length: number,
): { code: string | null; rejectedLength: number | null } {
  const text = cleanText(value);
  if (text === null) return { code: null, rejectedLength: null };
  const upper = text.toUpperCase();
  const head = upper.slice(0, length);
  const rest = upper.slice(length);
  if (known.has(head) && (rest === '' || AFTER_CODE.test(rest))) return { code: head, rejectedLength: null };
  return { code: null, rejectedLength: text.length };
}
