import { createHash } from 'node:crypto';
import stringify from 'fast-json-stable-stringify';
import { VERSION } from '../core/version.js';
import { createCodeLookup, type CodeExtensions, type CodeLookup } from './code-lookup.js';

/**
 * Everything besides the SSD rows and the day that decides a child's document: the LA's code
 * spellings, its optional cohort list, and the builder itself (ssd-delta's version). When any of
 * them changes, no SSD row changes, so the cycle must re-evaluate every child: `key` says when.
 */
export interface BuildSettings {
  /** Coded values: the built-in lists plus `payload.codes`. */
  readonly codes: CodeLookup;
  /** When set, only these person ids can be in the cohort (payload.md: an optional LA list). */
  readonly cohortIds: ReadonlySet<string> | null;
  /** A digest of the settings and the ssd-delta version. */
  readonly key: string;
}

/** Settings from the LA's code spellings and cohort list (null: no list). */
export function createBuildSettings(extensions: CodeExtensions = {}, cohortIds: readonly string[] | null = null): BuildSettings {
  const ids = cohortIds === null ? null : [...new Set(cohortIds)].sort();
  const key = createHash('sha256').update(stringify({ version: VERSION, codes: extensions, cohort: ids })).digest('hex').slice(0, 16);
  return { codes: createCodeLookup(extensions), cohortIds: ids === null ? null : new Set(ids), key };
}

let defaults: BuildSettings | undefined;

/** No code spellings and no cohort list (tests, the demo without config). */
export function defaultBuildSettings(): BuildSettings {
  defaults ??= createBuildSettings();
  return defaults;
}
