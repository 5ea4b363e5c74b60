import { addDays } from '../core/iso-date.js';
import type { ReportingWindow } from './reporting-window.js';

/**
 * The reporting window as the builder asks it questions. Every answer that depends on "today"
 * comes from one of these methods, and nothing else of the window is readable, so a
 * {@link WindowWatch} sees every way time entered a document.
 */
export interface WindowView {
  /** An item running from `start` to `end` (null: open) overlaps the window; no start never does. */
  overlaps(start: string | null, end: string | null): boolean;
  /** `date` lies inside [window start, window end]; null never does. */
  contains(date: string | null): boolean;
  /** window start <= `date`. */
  startsBy(date: string): boolean;
  /** window start < `date`. */
  startsBefore(date: string): boolean;
  /** window end >= `date`. */
  reaches(date: string): boolean;
  /** window end > `date`. */
  reachesBeyond(date: string): boolean;
  /** Some census date of the window (a 31 March inside it) lies in [`start`, `end`] (end null: open). */
  hasCensusDateIn(start: string, end: string | null): boolean;
}

/** A {@link WindowView} for one build, which remembers when its answers would change. */
export interface WindowWatch extends WindowView {
  /**
   * The first day after "today" on which any answer given so far would be different, or null
   * when none ever would. Until then the same rows give the same answers, so the build that
   * asked them gives the same document: the window's bounds are the only way time reaches it.
   */
  changesOn(): string | null;
}

/**
 * The 1 April on which the window start first becomes > `date` (`strict`) or >= `date`; null
 * when that is past year 9999 (never, as far as dates written YYYY-MM-DD go).
 */
function startPasses(date: string, strict: boolean): string | null {
  // On 1 April of year Y the window start becomes 1 April of Y - 2 (payload.md: the financial
  // year that contains today minus 24 months), and it changes on no other day.
  const year = Number(date.slice(0, 4));
  const april = `${date.slice(0, 4)}-04-01`;
  const reached = strict ? date < april : date <= april;
  const flipYear = reached ? year + 2 : year + 3;
  return flipYear > 9999 ? null : `${String(flipYear).padStart(4, '0')}-04-01`;
}

/** The first 31 March on or after `date`; null past year 9999 (no such date is written). */
function censusOnOrAfter(date: string): string | null {
  const year = date.slice(0, 4);
  if (date <= `${year}-03-31`) return `${year}-03-31`;
  return year === '9999' ? null : `${String(Number(year) + 1).padStart(4, '0')}-03-31`;
}

/** The last 31 March on or before `date`. */
function censusOnOrBefore(date: string): string {
  const year = date.slice(0, 4);
  return date >= `${year}-03-31` ? `${year}-03-31` : `${String(Number(year) - 1).padStart(4, '0')}-03-31`;
}

/**
 * Wraps a window for one build. The window end (today + 1) moves every day and the start only
 * on 1 April, both forwards, so each comparison can flip at most once and only one way: a
 * comparison that the moving bound has not reached yet records the day it will.
 */
export function watchWindow(w: ReportingWindow): WindowWatch {
  // Kept as the raw dates the comparisons need, turned into a day only when asked.
  let endReaches: string | null = null; // smallest date the end has still to reach (day before it)
  let endPasses: string | null = null; // smallest date the end has still to pass (that day)
  let startMoves: string | null = null; // earliest 1 April on which a start comparison flips
  const earlier = (a: string | null, b: string | null): string | null => (b === null ? a : a === null || b < a ? b : a);

  const view: WindowWatch = {
    startsBy(date) {
      if (w.start > date) return false;
      startMoves = earlier(startMoves, startPasses(date, true));
      return true;
    },
    startsBefore(date) {
      if (w.start >= date) return false;
      startMoves = earlier(startMoves, startPasses(date, false));
      return true;
    },
    reaches(date) {
      if (w.end >= date) return true;
      endReaches = earlier(endReaches, date);
      return false;
    },
    reachesBeyond(date) {
      if (w.end > date) return true;
      endPasses = earlier(endPasses, date);
      return false;
    },
    overlaps(start, end) {
      return start !== null && view.reaches(start) && (end === null || view.startsBy(end));
    },
    contains(date) {
      return date !== null && view.startsBy(date) && view.reaches(date);
    },
    hasCensusDateIn(start, end) {
      // The first 31 March on or after both the item's start and the window start: 31 Marches
      // before the window start never come back (the start only moves on).
      const first = censusOnOrAfter(start > w.start ? start : w.start);
      if (first === null || (end !== null && first > end)) return false;
      if (!view.reaches(first)) return false;
      // Inside now, it stays so until the start passes the last 31 March the item covers: the
      // window spans two years or more, so the end brings the next one in before the start
      // drops the previous one.
      if (end !== null) startMoves = earlier(startMoves, startPasses(censusOnOrBefore(end), true));
      return true;
    },
    changesOn() {
      let first: string | null = endPasses;
      if (endReaches !== null) first = earlier(first, addDays(endReaches, -1));
      if (startMoves !== null) first = earlier(first, startMoves);
      return first;
    },
  };
  return view;
}
