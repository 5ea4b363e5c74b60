import { randomUUID } from 'node:crypto';

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * A receipt shaped like those the live test API answers:
 * `yyyy-MM-dd_HH:mm:ss.ff_<uuid>.json` (UTC, hundredths of a second).
 */
export function formatReceipt(at: Date, uuid: string = randomUUID()): string {
  const date = `${at.getUTCFullYear()}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())}`;
  const time = `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`;
  const hundredths = two(Math.floor(at.getUTCMilliseconds() / 10));
  return `${date}_${time}.${hundredths}_${uuid}.json`;
}
