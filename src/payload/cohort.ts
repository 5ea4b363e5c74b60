import type { SsdRow } from '../source/ssd-row.js';
import type { ChildRows } from './child-rows.js';
import { CIN_EPISODES, cinEpisodeId, cinEpisodeInWindow, cinEpisodeIsOpen } from './cin-episode.js';
import { cleanText, dateValue } from './field-conversions.js';
import { addYears } from '../core/iso-date.js';
import type { WindowView } from './window-watch.js';
import { column, personRow, tableRows } from './table-rows.js';

/**
 * Which children get a document (payload.md, Cohort): an age (or unborn) test AND at least one
 * activity rule. Each rule is a named predicate so a test can pin it down on its own.
 */

/** One activity rule: does this child have social care activity that puts it in the cohort? */
export type CohortRule = (rows: ChildRows, w: WindowView) => boolean;

/**
 * Age test: dob known, dob <= window end and dob + 26 years > window start (aged 25 or under at
 * some point in the window); or dob unknown and expected dob inside the window (unborn).
 */
export function isEligibleByAge(person: SsdRow, w: WindowView): boolean {
  const dob = dateValue(column(person, 'pers_dob'));
  if (dob !== null) return w.reaches(dob) && w.startsBefore(addYears(dob, 26));
  return w.contains(dateValue(column(person, 'pers_expected_dob')));
}

/** A CIN episode overlapping the window. */
export const hasEpisodeInWindow: CohortRule = (rows, w) =>
  tableRows(rows, CIN_EPISODES).some((episode) => cinEpisodeInWindow(episode, w));

/**
 * An open episode (no close date) with no assessment that has a start date: the child is
 * waiting for an assessment. Like the reference, the referral date is not tested.
 */
export const hasEpisodeAwaitingAssessment: CohortRule = (rows) => {
  const assessed = new Set<string>();
  for (const assessment of tableRows(rows, 'ssd_cin_assessments')) {
    const referralId = cleanText(column(assessment, 'cina_referral_id'));
    if (referralId !== null && dateValue(column(assessment, 'cina_assessment_start_date')) !== null) {
      assessed.add(referralId);
    }
  }
  return tableRows(rows, CIN_EPISODES).some((episode) => {
    const id = cinEpisodeId(episode);
    return cinEpisodeIsOpen(episode) && (id === null || !assessed.has(id));
  });
};

/** A CIN plan overlapping the window. */
export const hasCinPlanInWindow: CohortRule = (rows, w) =>
  tableRows(rows, 'ssd_cin_plans').some((plan) =>
    w.overlaps(dateValue(column(plan, 'cinp_cin_plan_start_date')), dateValue(column(plan, 'cinp_cin_plan_end_date'))),
  );

/** A CLA episode linked to an in-window CIN episode, or a CLA placement overlapping the window. */
export const isLookedAfterInWindow: CohortRule = (rows, w) => {
  const inWindowReferrals = new Set(
    tableRows(rows, CIN_EPISODES)
      .filter((episode) => cinEpisodeInWindow(episode, w))
      .map(cinEpisodeId)
      .filter((id): id is string => id !== null),
  );
  const linkedEpisode = tableRows(rows, 'ssd_cla_episodes').some((cla) => {
    const referralId = cleanText(column(cla, 'clae_referral_id'));
    return referralId !== null && inWindowReferrals.has(referralId);
  });
  return linkedEpisode || tableRows(rows, 'ssd_cla_placement').some((placement) =>
    w.overlaps(dateValue(column(placement, 'clap_cla_placement_start_date')), dateValue(column(placement, 'clap_cla_placement_end_date'))),
  );
};

/**
 * Care leaver: dob + 16 < window end, dob + 26 >= window start, the latest care-leaver contact
 * inside the window, and an open CIN episode (referred by the window end).
 */
export const isCareLeaverInWindow: CohortRule = (rows, w) => {
  const person = personRow(rows);
  const dob = person === null ? null : dateValue(column(person, 'pers_dob'));
  if (dob === null || !(w.reachesBeyond(addYears(dob, 16)) && w.startsBy(addYears(dob, 26)))) return false;
  return w.contains(latestCareLeaverContact(rows)) && hasOpenEpisode(rows, w);
};

/** Latest `clea_care_leaver_latest_contact` of the child, or null. */
function latestCareLeaverContact(rows: ChildRows): string | null {
  let latest: string | null = null;
  for (const row of tableRows(rows, 'ssd_care_leavers')) {
    const contact = dateValue(column(row, 'clea_care_leaver_latest_contact'));
    if (contact !== null && (latest === null || contact > latest)) latest = contact;
  }
  return latest;
}

/** An episode with no close date whose referral date is on or before the window end. */
function hasOpenEpisode(rows: ChildRows, w: WindowView): boolean {
  return tableRows(rows, CIN_EPISODES).some(
    (episode) => cinEpisodeIsOpen(episode) && cinEpisodeInWindow(episode, w),
  );
}

/** The activity rules; a child needs at least one. */
export const COHORT_ACTIVITY_RULES: readonly CohortRule[] = [
  hasEpisodeInWindow,
  hasEpisodeAwaitingAssessment,
  hasCinPlanInWindow,
  isLookedAfterInWindow,
  isCareLeaverInWindow,
];

/** True when the child has a person row, passes the age test and meets an activity rule. */
export function isInCohort(rows: ChildRows, w: WindowView): boolean {
  const person = personRow(rows);
  if (person === null || !isEligibleByAge(person, w)) return false;
  return COHORT_ACTIVITY_RULES.some((rule) => rule(rows, w));
}
