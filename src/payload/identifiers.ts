import type { SsdValue } from '../source/ssd-row.js';
import { rejectedCharacterClasses, type DocumentProblem } from './document-problem.js';
import { cleanText } from './field-conversions.js';

/**
 * Identifier rules (OpenAPI 1.0.1 plus payload.md). `la_child_id` is checked, never altered: a
 * person id that does not fit makes the child invalid. `mis_child_id` is optional, so one that
 * does not fit is dropped with a warning instead.
 */

/** `la_child_id`: 1..20 of `[A-Za-z0-9]`. */
export const LA_CHILD_ID_MAX = 20;
/** `mis_child_id` and every item id: 1..36 of `[A-Za-z0-9_-]`. */
export const ITEM_ID_MAX = 36;

const LA_CHILD_ID_CHAR = /[A-Za-z0-9]/;
const ITEM_ID_CHAR = /[A-Za-z0-9_-]/;

/** Problems with a `la_child_id` (empty list when it fits). */
export function laChildIdProblems(id: string): DocumentProblem[] {
  return idProblems(id, 'la_child_id', LA_CHILD_ID_MAX, LA_CHILD_ID_CHAR, '[A-Za-z0-9]', 'error');
}

/** Problems with a required item id such as `social_care_episode_id` at `path`. */
export function itemIdProblems(id: string, path: string): DocumentProblem[] {
  return idProblems(id, path, ITEM_ID_MAX, ITEM_ID_CHAR, '[A-Za-z0-9_-]', 'error');
}

/** A `mis_child_id` ready to send (or null) and the warning that explains a dropped one. */
export interface MisChildId {
  /** Trimmed legacy id; null when blank or unfit. */
  readonly value: string | null;
  /** Why a non-blank legacy id was left out. */
  readonly problems: readonly DocumentProblem[];
}

/** `pers_legacy_id` trimmed; blank -> omitted; unfit -> omitted with warnings. */
export function misChildId(legacyId: SsdValue): MisChildId {
  const id = cleanText(legacyId);
  if (id === null) return { value: null, problems: [] };
  const problems = idProblems(id, 'mis_child_id', ITEM_ID_MAX, ITEM_ID_CHAR, '[A-Za-z0-9_-]', 'warning');
  return problems.length === 0 ? { value: id, problems } : { value: null, problems };
}

/** One problem per broken rule: `required` (empty), `maxLength`, `pattern`. */
function idProblems(
  id: string,
  path: string,
  max: number,
  allowedChar: RegExp,
  allowedText: string,
  severity: DocumentProblem['severity'],
): DocumentProblem[] {
  const dropped = severity === 'warning' ? '; left out' : '';
  if (id.length === 0) {
    return [{ path, rule: 'required', severity, detail: `empty id${dropped}` }];
  }
  const problems: DocumentProblem[] = [];
  if (id.length > max) {
    problems.push({ path, rule: 'maxLength', severity, detail: `length ${id.length} exceeds ${max}${dropped}` });
  }
  const rejected = rejectedCharacterClasses(id, allowedChar);
  if (rejected !== '') {
    problems.push({
      path,
      rule: 'pattern',
      severity,
      detail: `characters outside ${allowedText}: ${rejected}${dropped}`,
    });
  }
  return problems;
}
