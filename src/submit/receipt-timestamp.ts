/** `yyyy-MM-dd_HH:mm:ss.ff` at the start of a receipt (fraction of any length, usually 2). */
const PREFIX = /^(\d{4})-(\d{2})-(\d{2})_(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?_/;

/**
 * The time a receipt names, as an ISO 8601 string without a zone
 * (`2025-06-01T14:03:09.120`), or null when the receipt has no such prefix (e.g. a bare uuid)
 * or the prefix is not a real date and time.
 *
 * No zone is added because the API does not say whether its clock is UTC or UK time;
 * claiming `Z` would turn a guess into a fact. Fractions are normalised to milliseconds.
 */
export function parseReceiptTimestamp(receipt: string): string | null {
  const m = PREFIX.exec(receipt);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction] = m as unknown as [string, string, string, string, string, string, string, string | undefined];
  const ms = (fraction ?? '').padEnd(3, '0').slice(0, 3);
  // Date.UTC rolls 2025-02-30 over to March; a round trip catches impossible values.
  const check = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
    return null;
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}`;
}
