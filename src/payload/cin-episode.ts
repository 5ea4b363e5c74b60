import type { SsdRow } from '../source/ssd-row.js';
import { cleanText, dateValue } from './field-conversions.js';
import type { WindowView } from './window-watch.js';
import { column } from './table-rows.js';

/**
 * Shared reading of `ssd_cin_episodes` rows: the cohort and the episodes section must agree on
 * which referrals are "in the window", so both ask here.
 */

/** The SSD table of referrals / CIN episodes. */
export const CIN_EPISODES = 'ssd_cin_episodes';

/** `cine_referral_id` as text (Mosaic stores it as an int; joins compare text), or null. */
export function cinEpisodeId(row: SsdRow): string | null {
  return cleanText(column(row, 'cine_referral_id'));
}

/** True when the referral (referral date .. close date) overlaps the window. */
export function cinEpisodeInWindow(row: SsdRow, w: WindowView): boolean {
  return w.overlaps(dateValue(column(row, 'cine_referral_date')), dateValue(column(row, 'cine_close_date')));
}

/** True when the referral has no close date. */
export function cinEpisodeIsOpen(row: SsdRow): boolean {
  return dateValue(column(row, 'cine_close_date')) === null;
}
