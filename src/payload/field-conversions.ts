import type { SsdValue } from '../source/ssd-row.js';
import { isIsoDate } from '../core/iso-date.js';

/**
 * Pure conversions from SSD column values to document values (payload.md, Fields). Each returns
 * null for "leave the key out"; none reports problems, so the section that knows the path does.
 */

/** Trimmed text; null when missing or blank. Numbers become their decimal text (Mosaic ints). */
export function cleanText(value: SsdValue): string | null {
  if (value === null) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/**
 * A `YYYY-MM-DD` date, passed through. Adapters already send dates as strings; a timestamp that
 * slips through keeps its date part. Anything that is not a real calendar date is left out
 * rather than sent for the receiver to reject.
 */
export function dateValue(value: SsdValue): string | null {
  const text = cleanText(value);
  if (text === null) return null;
  const date = text.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && isIsoDate(date) ? date : null;
}

/** `M` or `F` (trimmed, any case); anything else, including null, is `U` (unknown). */
export function sexCode(value: SsdValue): 'M' | 'F' | 'U' {
  const code = cleanText(value)?.toUpperCase();
  return code === 'M' || code === 'F' ? code : 'U';
}

/**
 * Referral source code normalised by pattern, because SystemC loads a lookup id or a code with
 * a suffix rather than the bare code: `10...` -> `10`; `1A`..`3F...` and `5A`..`5D...` -> the
 * first two characters; `4...` and `6...`..`9...` -> the first character; anything else null.
 * Matching ignores case (the reference query runs under a case-insensitive collation) and the
 * result is upper-cased so `1a` and `1A` produce the same document.
 */
export function referralSourceCode(value: SsdValue): string | null {
  const code = cleanText(value)?.toUpperCase();
  if (code === undefined) return null;
  if (code.startsWith('10')) return '10';
  if (/^([1-3][A-F]|5[A-D])/.test(code)) return code.slice(0, 2);
  if (/^[46789]/.test(code)) return code.slice(0, 1);
  return null;
}

const TRUE_SPELLINGS = new Set(['1', 'Y', 'T', 'TRUE']);
const FALSE_SPELLINGS = new Set(['0', 'N', 'F', 'FALSE']);

/**
 * A flag held as text (Y/N, T/F, 1/0, TRUE/FALSE; trimmed, any case) or as a number 1/0.
 * Any other value is null: an unreadable flag is left out, never guessed.
 */
export function flagValue(value: SsdValue): boolean | null {
  const text = cleanText(value)?.toUpperCase();
  if (text === undefined) return null;
  if (TRUE_SPELLINGS.has(text)) return true;
  if (FALSE_SPELLINGS.has(text)) return false;
  return null;
}

/** The UPN unknown-reason code (`UN1`..`UN10`, upper-cased) held in `value`, or null. */
export function upnUnknownCode(value: SsdValue): string | null {
  const code = cleanText(value)?.toUpperCase();
  return code !== undefined && /^UN([1-9]|10)$/.test(code) ? code : null;
}

/** A value cut to a maximum length, with the length it had, so the caller can warn. */
export interface ClippedText {
  /** Trimmed text, at most `max` characters; null when blank. */
  readonly value: string | null;
  /** Length after trimming and before cutting (0 when blank). */
  readonly originalLength: number;
}

/**
 * Trimmed text keeping the first `max` characters. Used only where ssd-tables.md says the
 * payload keeps the first n characters of a code (ethnicity 4, closure reason 3), because some
 * loads append text after the code; the caller warns when something was cut.
 */
export function clippedText(value: SsdValue, max: number): ClippedText {
  const text = cleanText(value);
  if (text === null) return { value: null, originalLength: 0 };
  // A cut can end on a space ('U4 - foster' -> 'U4 '): that space is not part of the code.
  return { value: text.slice(0, max).trimEnd(), originalLength: text.length };
}

/**
 * Disability codes: trimmed, upper-cased, blanks dropped, distinct, sorted by code unit (not
 * locale, so every machine sorts alike); `["NONE"]` when nothing is left.
 */
export function disabilityCodes(values: readonly SsdValue[]): string[] {
  const codes = new Set<string>();
  for (const value of values) {
    const code = cleanText(value)?.toUpperCase();
    if (code !== undefined) codes.add(code);
  }
  return codes.size === 0 ? ['NONE'] : [...codes].sort(compareText);
}

/** Code-unit order for strings: deterministic regardless of locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
