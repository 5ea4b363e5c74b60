import type { JsonObject } from '../payload/document-shape.js';

/** Fields of a child document that identify or describe the child as a person. */
const PERSONAL = new Set(['first_name', 'surname', 'date_of_birth', 'expected_date_of_birth', 'unique_pupil_number', 'former_unique_pupil_number', 'postcode']);

/** Shorter values (a sex code, `U`) are not personal enough to find, and would break words apart. */
const SHORTEST = 3;

function personalValues(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) personalValues(item, into);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node as JsonObject)) {
    if (PERSONAL.has(key) && typeof value === 'string' && value.trim().length >= SHORTEST) into.add(value.trim());
    else personalValues(value, into);
  }
}

/** `text` as a JSON encoder that escapes everything but printable ASCII writes it (.NET's does). */
function asciiEscaped(text: string): string {
  return text.replace(/[^\x20-\x7e]|['"<>&\\]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A pattern matching `value` as an answer may quote it: any case, spaces optional (a postcode written `SW1A1AA`). */
function quoted(value: string): RegExp {
  const parts = value.split(/\s+/).filter(Boolean).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(parts.join('\\s*'), 'gi');
}

/**
 * An API answer with every personal value of the documents it answers (names, dates of birth,
 * UPNs, postcodes) replaced by `[redacted]`: error bodies may quote what they refuse, and what
 * ssd-delta keeps of an answer (the staging row's api_response, the attempt log, logs, `history`)
 * must hold ids only. A value is found however the answer writes it: in any case, with or without
 * its spaces, and JSON-escaped (`O\u0027Brien`). Longest values first, so a value inside
 * another is not half replaced.
 */
export function redactAnswer(text: string, payloads: readonly string[]): string {
  if (text === '') return text;
  const values = new Set<string>();
  for (const payload of payloads) {
    try {
      personalValues(JSON.parse(payload), values);
    } catch {
      // Not JSON: nothing to find in it.
    }
  }
  const forms = new Set<string>();
  for (const value of values) for (const form of [value, asciiEscaped(value)]) forms.add(form);
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.replace(quoted(form), '[redacted]');
  return out;
}
