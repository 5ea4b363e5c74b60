/**
 * Dates as day numbers (days since 1970-01-01), without Date objects or time zones.
 *
 * Hot paths (the synthetic generator does several date steps per row; 100k children would be
 * dominated by Date parsing and formatting) work on day numbers, with the civil-calendar
 * conversion from Howard Hinnant's `days_from_civil`. iso-date.ts builds on it.
 */

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function toDayNumber(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  return dayNumberOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** Days since 1970-01-01 of a calendar date (month 1..12). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Formatted dates, shared: a generated LA holds millions of date values over a few
 * thousand distinct days, and one string per day saves both memory and GC time.
 */
const formatted = new Map<number, string>();
const FORMATTED_CACHE_LIMIT = 100_000;

/** The `YYYY-MM-DD` date of a day number. */
export function fromDayNumber(days: number): string {
  let text = formatted.get(days);
  if (text === undefined) {
    if (formatted.size >= FORMATTED_CACHE_LIMIT) formatted.clear();
    text = formatDayNumber(days);
    formatted.set(days, text);
  }
  return text;
}

function formatDayNumber(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  // Years below 1000 (a `0001-01-01` placeholder) are zero-padded, so every date is YYYY-MM-DD
  // and compares as text; parsers of this text read the year as its first four characters.
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** The day number `years` calendar years after `days` (29 February falls back to the 28th). */
export function addYears(days: number, years: number): number {
  const iso = fromDayNumber(days);
  const year = Number(iso.slice(0, 4)) + years;
  const month = Number(iso.slice(5, 7));
  let day = Number(iso.slice(8, 10));
  if (month === 2 && day === 29 && !isLeapYear(year)) day = 28;
  return dayNumberOf(year, month, day);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
