import type { SsdValue } from '../source/ssd-row.js';
import { CODE_LISTS, type CodeField } from './code-lists.js';
import { cleanText } from './field-conversions.js';

/** What a coded value became. */
export interface CodeMatch {
  /** The API code, or null when there is none. */
  readonly code: string | null;
  /** True when a value was there and maps to no code (left out, and reported). */
  readonly unmapped: boolean;
}

/** The LA's own spellings (description or variant code -> API code), per field, from config. */
export type CodeExtensions = Partial<Record<CodeField, Readonly<Record<string, string>>>>;

/** Turns SSD values into API codes (see code-lists.ts). */
export interface CodeLookup {
  /** The API code `value` stands for in `field`. */
  match(field: CodeField, value: SsdValue): CodeMatch;
}

/** Descriptions compare by letters and digits only: case, punctuation and spacing never matter. */
export function descriptionKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The part of a description before its first comma, colon or bracket (a common short form). */
function head(description: string): string {
  return description.split(/[,:(]/)[0] ?? description;
}

/**
 * Description key -> code for one field: the DfE descriptions, then their short forms where
 * no other code shares them (a short form two codes share says nothing).
 */
function descriptionsOf(field: CodeField): Map<string, string> {
  const map = new Map<string, string>();
  const entries = Object.entries(CODE_LISTS[field].codes);
  for (const [code, descriptions] of entries) for (const d of descriptions) map.set(descriptionKey(d), code);
  const shortForms = new Map<string, string | null>();
  for (const [code, descriptions] of entries) {
    for (const d of descriptions) {
      const key = descriptionKey(head(d));
      if (map.has(key)) continue;
      shortForms.set(key, shortForms.has(key) && shortForms.get(key) !== code ? null : code);
    }
  }
  for (const [key, code] of shortForms) if (code !== null) map.set(key, code);
  return map;
}

/** A separator that may follow a code at the start of a longer value: whitespace or a dash. */
const AFTER_CODE = /^[\s\-\u2013\u2014]/;

/**
 * A lookup over the built-in lists plus the LA's `extensions`. A value is, in this order: one the
 * LA mapped (its spelling wins over everything, even a value that looks like a code:
 * `U - Unknown` can be mapped away from UASC); a code itself (trimmed, any case, spaces inside
 * ignored: `E4 A`); a code followed by whitespace or a dash and a description (`F2 - Full
 * time`); or a DfE description. Anything else maps to nothing: never to its first characters,
 * which need not be a code (`Full time education`).
 */
export function createCodeLookup(extensions: CodeExtensions = {}): CodeLookup {
  const fields = Object.keys(CODE_LISTS) as CodeField[];
  const codes = new Map(fields.map((f) => [f, Object.keys(CODE_LISTS[f].codes).sort((a, b) => b.length - a.length)]));
  const descriptions = new Map(fields.map((f) => [f, descriptionsOf(f)]));
  const mapped = new Map(fields.map((f) => [f, new Map(Object.entries(extensions[f] ?? {}).map(([text, code]) => [descriptionKey(text), code.toUpperCase()]))]));
  return {
    match(field, value) {
      const text = cleanText(value);
      if (text === null) return { code: null, unmapped: false };
      const own = mapped.get(field)?.get(descriptionKey(text));
      if (own !== undefined) return { code: own, unmapped: false };
      const upper = text.toUpperCase();
      const known = codes.get(field) ?? [];
      const squeezed = upper.replace(/\s+/g, '');
      const exact = known.find((code) => code === upper || code === squeezed);
      if (exact !== undefined) return { code: exact, unmapped: false };
      // Longest code first, so `E41 - ...` is E41 and not E4-something.
      const leading = known.find((code) => upper.startsWith(code) && AFTER_CODE.test(upper.slice(code.length)));
      if (leading !== undefined) return { code: leading, unmapped: false };
      const described = descriptions.get(field)?.get(descriptionKey(text));
      if (described !== undefined) return { code: described, unmapped: false };
      return { code: null, unmapped: !CODE_LISTS[field].othersExpected };
    },
  };
}

let builtIn: CodeLookup | undefined;

/** The lookup with no LA extensions (tests, and builds that were given none). */
export function builtInCodeLookup(): CodeLookup {
  builtIn ??= createCodeLookup();
  return builtIn;
}
