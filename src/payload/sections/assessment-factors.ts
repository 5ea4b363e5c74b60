import type { SsdValue } from '../../source/ssd-row.js';
import { cleanText, compareText } from '../field-conversions.js';

/**
 * Reading `ssd_assessment_factors.cinf_assessment_factors_json`: JSON array text of factor
 * codes, e.g. `["1A", "2B"]`. Eclipse pads the array with JSON nulls for absent factors, and
 * NULL, blank or `null` mean "no factors" (ssd-tables.md).
 */

/** Factor codes read from one column value, and why some or all of it could not be read. */
export interface ParsedFactors {
  /** Trimmed, non-blank codes in source order (not yet de-duplicated or sorted). */
  readonly codes: readonly string[];
  /** Why the value (or part of it) was ignored; null when it read cleanly. */
  readonly unreadable: string | null;
}

/**
 * Parses one factors value. NULL, blank and `null` (any case, padded) give no codes; JSON null
 * and blank entries are dropped; a string or number entry is a code (trimmed). Text that is not
 * JSON, JSON that is not an array, and entries of any other type are ignored and explained in
 * `unreadable`, so the caller can warn.
 */
export function parseFactors(value: SsdValue): ParsedFactors {
  const text = cleanText(value);
  if (text === null || text.toLowerCase() === 'null') return { codes: [], unreadable: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { codes: [], unreadable: 'not JSON' };
  }
  if (!Array.isArray(parsed)) return { codes: [], unreadable: 'JSON but not an array' };
  const codes: string[] = [];
  let others = 0;
  for (const entry of parsed as unknown[]) {
    if (entry === null) continue;
    if (typeof entry !== 'string' && typeof entry !== 'number') {
      others += 1;
      continue;
    }
    const code = String(entry).trim();
    if (code !== '') codes.push(code);
  }
  return { codes, unreadable: others === 0 ? null : `${others} entries that are not codes` };
}

/**
 * Distinct codes sorted by number then suffix (`1A` < `2B` < `10A` < `20` < `21`, the order the
 * SSD itself writes), then by code unit for anything without a leading number, so the order is
 * the same on every machine and matches a well-formed source list.
 */
export function sortedDistinctFactors(codes: Iterable<string>): string[] {
  return [...new Set(codes)].sort(compareFactorCodes);
}

/** Numeric prefix first (codes without one last), then the rest by code unit. */
function compareFactorCodes(a: string, b: string): number {
  const [na, ra] = splitCode(a);
  const [nb, rb] = splitCode(b);
  if (na !== nb) return na - nb;
  return compareText(ra, rb) || compareText(a, b);
}

/** `12B` -> [12, 'B']; a code with no leading digits sorts after every numbered code. */
function splitCode(code: string): [number, string] {
  const match = /^(\d+)(.*)$/.exec(code);
  return match ? [Number(match[1]), match[2] ?? ''] : [Number.POSITIVE_INFINITY, code];
}
