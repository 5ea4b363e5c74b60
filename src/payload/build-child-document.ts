import { createBuildContext } from './build-context.js';
import type { ChildDocument } from './child-document.js';
import type { ChildRows } from './child-rows.js';
import { defaultBuildSettings, type BuildSettings } from './build-settings.js';
import { isInCohort } from './cohort.js';
import { compact } from './compact.js';
import type { DocumentProblem } from './document-problem.js';
import { laChildIdProblems, misChildId } from './identifiers.js';
import type { ReportingWindow } from './reporting-window.js';
import { buildChildDetails } from './sections/child-details.js';
import { healthAndWellbeingSection } from './sections/health-and-wellbeing.js';
import type { SectionBuilder } from './sections/section-builder.js';
import { socialCareEpisodesSection } from './sections/social-care-episodes.js';
import { column, personRow } from './table-rows.js';

export type { DocumentProblem } from './document-problem.js';

/** A built document (null when the child has none) and what is wrong with it. */
export interface BuildResult {
  /** The child's document; null when the person row is missing or the child is out of cohort. */
  document: ChildDocument | null;
  /** Problems found while building; any `error` means the child must not be sent as is. */
  problems: DocumentProblem[];
  /**
   * The first day after the window's "today" on which the build's answers about time could
   * differ (null: never). The document stays the same before it; it may still be the same on
   * it (see valid-until.ts for the exact day).
   */
  changesOn: string | null;
}

/**
 * The optional top-level blocks, in order. `child_details` is not here because it is always
 * present; new blocks such as `health_and_wellbeing` are added to this list.
 */
export const DOCUMENT_SECTIONS: readonly SectionBuilder[] = [socialCareEpisodesSection, healthAndWellbeingSection];

/**
 * Builds one child's document for the window (payload.md), with the LA's code spellings and
 * cohort list (`settings`; none by default). `la_child_id` is
 * `pers_person_id` exactly: an id the contract rejects is reported as an error, never altered,
 * and the document is still returned so the caller can record the child as invalid.
 */
export function buildChildDocument(rows: ChildRows, w: ReportingWindow, settings: BuildSettings = defaultBuildSettings()): BuildResult {
  const ctx = createBuildContext(rows, w, settings.codes);
  const person = personRow(rows);
  const listed = settings.cohortIds === null || settings.cohortIds.has(rows.personId);
  if (person === null || !listed || !isInCohort(rows, ctx.window)) return { document: null, problems: [], changesOn: ctx.window.changesOn() };

  const personId = column(person, 'pers_person_id');
  const laChildId = personId === null ? rows.personId : String(personId);
  laChildIdProblems(laChildId).forEach(ctx.report);
  const mis = misChildId(column(person, 'pers_legacy_id'));
  mis.problems.forEach(ctx.report);

  const document = compact<ChildDocument>(
    Object.assign(
      { la_child_id: laChildId, mis_child_id: mis.value, purge: false, child_details: buildChildDetails(ctx) },
      ...DOCUMENT_SECTIONS.map((section) => section(ctx)),
    ),
  );
  return { document, problems: [...ctx.problems], changesOn: ctx.window.changesOn() };
}
