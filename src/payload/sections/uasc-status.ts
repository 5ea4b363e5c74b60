import type { BuildContext } from '../build-context.js';
import { dateValue } from '../field-conversions.js';
import { column, tableRows } from '../table-rows.js';

/** `uasc_flag` and `uasc_end_date` of `child_details`. */
export interface UascStatus {
  /** UASC at some point in the window. */
  readonly uasc_flag: boolean;
  /** End of the status; null when never UASC or still UASC. */
  readonly uasc_end_date: string | null;
}

/**
 * UASC from `ssd_immigration_status`: rows whose status is `U` (or a description the code lookup
 * maps to it: SystemC and Eclipse load descriptions) and whose
 * end date is null or on/after the window start. When several qualify, the latest end wins and
 * an open row (no end date) is the latest of all: the child is still UASC, which the OpenAPI
 * document says to leave blank. (The reference picks one row without ordering.)
 */
export function buildUascStatus(ctx: BuildContext): UascStatus {
  let flag = false;
  let stillOpen = false;
  let latestEnd: string | null = null;
  for (const row of tableRows(ctx.rows, 'ssd_immigration_status')) {
    if (ctx.codes.match('immigrationStatus', column(row, 'immi_immigration_status')).code !== 'U') continue;
    const end = dateValue(column(row, 'immi_immigration_status_end_date'));
    if (end !== null && !ctx.window.startsBy(end)) continue;
    flag = true;
    if (end === null) stillOpen = true;
    else if (latestEnd === null || end > latestEnd) latestEnd = end;
  }
  return { uasc_flag: flag, uasc_end_date: stillOpen ? null : latestEnd };
}
