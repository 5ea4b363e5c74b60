/**
 * Calendar arithmetic on `YYYY-MM-DD` strings.
 *
 * Everything runs in UTC: a local time zone would move midnight and could shift a date by a
 * day around clock changes. Dates compare correctly as plain strings, so callers only come here
 * to add days or years.
 */

import { addYears as addYearsToDay, dayNumberOf, fromDayNumber } from './day-number.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in a month (1-12) of the proleptic Gregorian calendar, as JavaScript's Date counts them. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Year, month (1-12) and day of a `YYYY-MM-DD` string; throws on anything else. */
export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // 2026-02-30 is refused instead of rolling into March. Counted, not round-tripped through a
  // Date: every date of every child passes here, and the round trip was the build's largest cost.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return { year, month, day };
}

/** True when `value` is a real calendar date written as `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD` of a UTC instant. */
function formatUtc(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Builds `YYYY-MM-DD` from parts (month 1-12); years below 1000 are zero-padded. */
export function isoDate(year: number, month: number, day: number): string {
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999; it also rolls an
  // overflowing day or month forward, which addDays relies on.
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  return formatUtc(at);
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  const { year, month, day } = parseIsoDate(date);
  return fromDayNumber(dayNumberOf(year, month, day) + days);
}

/**
 * `date` plus `years`, clamped to the end of the month like SQL Server's DATEADD(year, ...):
 * 29 February plus one year is 28 February, not 1 March. The reference cohort query is written
 * with DATEADD, so age boundaries must fall on the same day as theirs.
 */
export function addYears(date: string, years: number): string {
  const { year, month, day } = parseIsoDate(date);
  return fromDayNumber(addYearsToDay(dayNumberOf(year, month, day), years));
}
