import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import stringify from 'fast-json-stable-stringify';
import { PACKAGE_ROOT } from '../config/load-config.js';
import { unpackedRoot } from '../core/executable.js';
import { VERSION } from '../core/version.js';
import { createCodeLookup, type CodeExtensions, type CodeLookup } from './code-lookup.js';

/** Every file below `folder`, recursively, sorted. */
function filesBelow(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A digest of what builds documents from rows: this folder (the builder, as shipped: .js in a
 * package, .ts in a checkout and in the single-file executable), the stream definitions (which columns are fetched) and the
 * document schema (what is invalid). Any change to them, released or not, changes the key, so a
 * database marked by another build is re-evaluated; a version bump is not needed for that.
 */
const BUILDER_DIGEST: string = (() => {
  const hash = createHash('sha256').update(VERSION);
  // In the single-file executable the builder is bundled: its sources are unpacked beside the SQL.
  const builder = unpackedRoot() === undefined ? dirname(fileURLToPath(import.meta.url)) : join(PACKAGE_ROOT, 'src', 'payload');
  const files = [...filesBelow(builder), ...filesBelow(join(PACKAGE_ROOT, 'streams')), join(PACKAGE_ROOT, 'schema', 'child-document.schema.json')];
  for (const file of files) hash.update(relative(PACKAGE_ROOT, file)).update(readFileSync(file));
  return hash.digest('hex');
})();

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
  /** A digest of the settings and of the builder's code (see BUILDER_DIGEST). */
  readonly key: string;
}

/** Settings from the LA's code spellings and cohort list (null: no list). */
export function createBuildSettings(extensions: CodeExtensions = {}, cohortIds: readonly string[] | null = null): BuildSettings {
  const ids = cohortIds === null ? null : [...new Set(cohortIds)].sort();
  const key = createHash('sha256').update(stringify({ builder: BUILDER_DIGEST, codes: extensions, cohort: ids })).digest('hex').slice(0, 16);
  return { codes: createCodeLookup(extensions), cohortIds: ids === null ? null : new Set(ids), key };
}

let defaults: BuildSettings | undefined;

/** No code spellings and no cohort list (tests, the demo without config). */
export function defaultBuildSettings(): BuildSettings {
  defaults ??= createBuildSettings();
  return defaults;
}
