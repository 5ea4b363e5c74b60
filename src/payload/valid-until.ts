import type { BuildResult } from './build-child-document.js';
import { reportingWindow, type ReportingWindow } from './reporting-window.js';

/**
 * How many later days a build is tried on before the last candidate is taken as is. Most
 * documents change on their first candidate day; a child kept in the cohort by two rules, or
 * a worker on two census dates, needs one or two more.
 */
const MAX_PROBES = 4;

/** What decides a child's staging row, as text: the document and the errors that make it unsendable. */
export function outcomeKey(result: BuildResult): string {
  // Builders add keys in a fixed order and sort their lists, so equal documents give equal text.
  const errors = result.problems.filter((p) => p.severity === 'error').map((p) => `${p.path} ${p.rule} ${p.detail}`);
  return JSON.stringify([result.document, errors]);
}

/** Reporting windows by day, computed once per cycle (many children share candidate days). */
export type WindowsByDay = (day: string) => ReportingWindow;

/** A {@link WindowsByDay} that remembers the windows it made. */
export function windowsByDay(): WindowsByDay {
  const made = new Map<string, ReportingWindow>();
  return (day) => {
    let window = made.get(day);
    if (window === undefined) made.set(day, (window = reportingWindow(day)));
    return window;
  };
}

/**
 * The first day after the window's "today" on which the child's document (or whether it is
 * sendable) changes with no row changing; null when it never does. `buildOn` builds the same
 * child (same rows, same code lookup) as if that day were today. The build's own
 * `changesOn` is only when one of its answers about time flips, which may leave the document
 * as it is (a child kept in the cohort by another rule), so each candidate day is checked by
 * building on it, up to `maxProbes` times. Past that the next candidate is returned:
 * early is safe (one needless rebuild then), late never happens.
 */
export function validUntil(built: BuildResult, buildOn: (day: string) => BuildResult, maxProbes = MAX_PROBES): string | null {
  const key = outcomeKey(built);
  let candidate = built.changesOn;
  for (let probe = 0; candidate !== null && probe < maxProbes; probe += 1) {
    const later = buildOn(candidate);
    if (outcomeKey(later) !== key) return candidate;
    candidate = later.changesOn;
  }
  return candidate;
}
