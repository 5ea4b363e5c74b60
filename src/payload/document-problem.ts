import type { CodeField } from './code-lists.js';

/**
 * Something wrong with one value of a built document. Problems travel with the document so the
 * caller can mark the child invalid (any error) or just record them (warnings).
 */
export interface DocumentProblem {
  /** Where in the document, e.g. `la_child_id`, `social_care_episodes[2].closure_reason`. */
  path: string;
  /** The rule broken, e.g. `pattern`, `maxLength`, `required`, `truncated`. */
  rule: string;
  /** error: the document must not be sent as is; warning: sent without (or with less of) the value. */
  severity: 'error' | 'warning';
  /**
   * Human-readable explanation. Never personal data: lengths and character classes only,
   * except ids, which are logged anyway and are what an operator needs to find the row.
   */
  detail: string;
  /**
   * For a coded value that maps to no code: the field and the value as found (a description
   * from a fixed lookup, never free text about the child). Only `validate` shows it, grouped by
   * value without ids, so an LA can add it to `payload.codes`; it is never logged or stored.
   */
  unmapped?: { readonly field: CodeField; readonly text: string };
}

/** Names the kinds of character in `value` that `allowed` rejects, e.g. `whitespace, punctuation`. */
export function rejectedCharacterClasses(value: string, allowed: RegExp): string {
  const classes = new Set<string>();
  for (const ch of value) {
    if (allowed.test(ch)) continue;
    classes.add(characterClass(ch));
  }
  return [...classes].sort().join(', ');
}

/** The class of one character, coarse enough to reveal nothing of the value. */
function characterClass(ch: string): string {
  if (/[A-Za-z]/.test(ch)) return 'letter';
  if (/[0-9]/.test(ch)) return 'digit';
  if (/\s/.test(ch)) return 'whitespace';
  if (ch === '_' || ch === '-') return 'underscore or hyphen';
  if (/[\x21-\x7e]/.test(ch)) return 'punctuation';
  return 'non-ASCII';
}
