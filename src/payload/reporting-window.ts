import { addDays, isoDate, parseIsoDate } from '../core/iso-date.js';

/**
 * The period a document covers, recomputed every day from "today" (payload.md, Reporting
 * window). All members are `YYYY-MM-DD` strings.
 */
export interface ReportingWindow {
  /** The day the window was computed for. */
  today: string;
  /** 1 April of the financial year that contains (today minus 24 months). */
  start: string;
  /** today + 1 day (inclusive bound). */
  end: string;
  /** Every 31 March inside [start, end], ascending. */
  censusDates: readonly string[];
}

/** Month of the financial-year start (April). */
const FY_START_MONTH = 4;
/** How far back the window reaches before snapping to a financial-year start. */
const MONTHS_BACK = 24;

/**
 * Computes the reporting window for `today` (`YYYY-MM-DD`).
 *
 * Example: 2026-08-10 -> anchor 2024-08-10 -> start 2024-04-01, end 2026-08-11, census dates
 * 2025-03-31 and 2026-03-31.
 */
export function reportingWindow(today: string): ReportingWindow {
  const { year, month } = parseIsoDate(today);
  // 24 months is a whole number of years, so only the anchor's year and month matter: the
  // day never moves the anchor out of its month.
  const anchorYear = year - MONTHS_BACK / 12;
  const fyYear = month < FY_START_MONTH ? anchorYear - 1 : anchorYear;
  const start = isoDate(fyYear, FY_START_MONTH, 1);
  const end = addDays(today, 1);
  return Object.freeze({ today, start, end, censusDates: Object.freeze(censusDatesIn(start, end)) });
}

/**
 * Every 31 March in [start, end]. Tries every calendar year the window touches (the reference
 * only tries the first and last, and misses the middle one of a three-year window).
 */
function censusDatesIn(start: string, end: string): string[] {
  const dates: string[] = [];
  for (let y = parseIsoDate(start).year; y <= parseIsoDate(end).year; y += 1) {
    const census = isoDate(y, 3, 31);
    if (census >= start && census <= end) dates.push(census);
  }
  return dates;
}
