import { map, type OperatorFunction } from 'rxjs';
import { buildChildDocument, type BuildResult } from '../payload/build-child-document.js';
import type { ChildDocument } from '../payload/child-document.js';
import type { DocumentProblem } from '../payload/document-problem.js';
import { sharedDocumentValidator, type DocumentValidator } from '../payload/document-validator.js';
import type { BuildSettings } from '../payload/build-settings.js';
import type { ReportingWindow } from '../payload/reporting-window.js';
import { validUntil, windowsByDay } from '../payload/valid-until.js';
import type { OwnerEntry } from '../source/source.js';
import type { Chunk } from './chunk.js';
import { type CycleStats } from './cycle-stats.js';
import type { FetchedChunk } from './fetch-child-rows.js';

/** One child's build result with the ids marking needs. */
export interface ChildBuild {
  readonly personId: string;
  readonly legacyId: string | null;
  readonly result: BuildResult;
  /** The first day the child's document changes by time alone (valid-until.ts), or null. */
  readonly validUntil: string | null;
  /**
   * The document the child's current rows give on the last cycle's day (null: none then), built
   * only when asked (marking asks for children that would be purged, or lose items). Equal to
   * the stored document, it shows the rows did not change and time alone made the difference;
   * unequal, rows vanished (a reload under way). Absent when no last day was given.
   */
  readonly lastDayDocument?: () => ChildDocument | null;
}

/** What the build stage needs besides the rows. */
export interface BuildOptions {
  /** The reporting window of today. */
  readonly window: ReportingWindow;
  /** The LA's code spellings and cohort list; none when absent. */
  readonly settings?: BuildSettings | undefined;
  /** The last cycle's day, to build children on it too when marking asks (see ChildBuild). */
  readonly lastDay?: string | null;
  /** The schema check; the shared one when absent. */
  readonly validator?: DocumentValidator;
}

/** A chunk of built (not yet hashed) documents. */
export interface BuiltChunk extends Chunk {
  readonly builds: readonly ChildBuild[];
  readonly owners: readonly OwnerEntry[];
}

/**
 * The builder's result checked against the document schema (the DfE contract plus payload.md):
 * a second line of defence behind the builder's own checks, whose findings at the same path are
 * not repeated.
 */
export function validated(result: BuildResult, validator: DocumentValidator): BuildResult {
  if (result.document === null) return result;
  const seen = new Set(result.problems.filter((p) => p.severity === 'error').map((p) => p.path));
  const extra: DocumentProblem[] = validator.validate(result.document).filter((p) => !seen.has(p.path));
  return extra.length === 0 ? result : { ...result, problems: [...result.problems, ...extra] };
}

/**
 * Builds and validates each child's document for the reporting window, and finds the day it
 * next changes by time alone (pure CPU work, no I/O).
 */
export function buildDocuments(options: BuildOptions, stats: CycleStats): OperatorFunction<FetchedChunk, BuiltChunk> {
  const { window, settings, lastDay } = options;
  const validator = options.validator ?? sharedDocumentValidator();
  const windows = windowsByDay();
  return map((chunk) => {
    const start = performance.now();
    const builds = chunk.children.map((rows): ChildBuild => {
      const legacy = rows.tables.ssd_person?.[0]?.pers_legacy_id;
      const built = buildChildDocument(rows, window, settings);
      const result = validated(built, validator);
      const due = validUntil(built, (day) => buildChildDocument(rows, windows(day), settings));
      const build = { personId: rows.personId, legacyId: legacy === null || legacy === undefined ? null : String(legacy), result, validUntil: due };
      return lastDay ? { ...build, lastDayDocument: () => buildChildDocument(rows, windows(lastDay), settings).document } : build;
    });
    stats.ms.build += performance.now() - start;
    return { ids: chunk.ids, index: chunk.index, last: chunk.last, builds, owners: chunk.owners };
  });
}
