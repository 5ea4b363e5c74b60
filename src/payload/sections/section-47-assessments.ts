import type { SsdRow, SsdValue } from '../../source/ssd-row.js';
import type { BuildContext } from '../build-context.js';
import type { Section47Assessment } from '../child-document.js';
import { compact } from '../compact.js';
import { cleanText, dateValue, flagValue } from '../field-conversions.js';
import { column, tableRows } from '../table-rows.js';
import type { EpisodePart } from './episode-part.js';
import { itemDate, selectEpisodeItems, type EpisodeItemSource } from './episode-items.js';

/** Where S47 enquiries come from (ssd-tables.md, ssd_s47_enquiry). */
const S47_ENQUIRIES: EpisodeItemSource = {
  table: 'ssd_s47_enquiry',
  referralColumn: 's47e_referral_id',
  idColumn: 's47e_s47_enquiry_id',
  startColumn: 's47e_s47_start_date',
  listKey: 'section_47_assessments',
  idKey: 'section_47_assessment_id',
};

/**
 * Outcome keys that hold "an initial CP conference is required", in the order tried: SystemC
 * writes `CP_CONFERENCE_FLAG`, Eclipse `OUTCOME_CP_CONFERENCE_FLAG` (ssd-tables.md).
 */
const CP_CONFERENCE_KEYS = ['CP_CONFERENCE_FLAG', 'OUTCOME_CP_CONFERENCE_FLAG'] as const;

/**
 * `section_47_assessments[]`: the referral's S47 enquiries that overlap the window or whose
 * latest initial CP conference falls in it, sorted by start date then id; left out when none.
 */
export const section47Assessments: EpisodePart = (episode, ctx) => {
  const latestIcpc = latestConferenceDates(ctx);
  const icpcOf = (row: SsdRow): string | null =>
    latestIcpc.get(cleanText(column(row, 's47e_s47_enquiry_id')) ?? '') ?? null;
  const items = selectEpisodeItems(episode, ctx, S47_ENQUIRIES, (row) =>
    ctx.window.overlaps(dateValue(column(row, 's47e_s47_start_date')), dateValue(column(row, 's47e_s47_end_date'))) ||
    ctx.window.contains(icpcOf(row)),
  );
  return {
    section_47_assessments: items.map((item) =>
      compact<Section47Assessment>({
        section_47_assessment_id: item.id,
        start_date: itemDate(item, 's47e_s47_start_date'),
        end_date: itemDate(item, 's47e_s47_end_date'),
        icpc_required_flag: icpcRequiredFlag(column(item.row, 's47e_s47_outcome_json')),
        icpc_date: latestIcpc.get(item.id) ?? null,
        purge: false,
      }),
    ),
  };
};

/** Latest `icpc_icpc_date` per `icpc_s47_enquiry_id` (as text); rows without either are skipped. */
function latestConferenceDates(ctx: BuildContext): Map<string, string> {
  const latest = new Map<string, string>();
  for (const row of tableRows(ctx.rows, 'ssd_initial_cp_conference')) {
    const enquiryId = cleanText(column(row, 'icpc_s47_enquiry_id'));
    const date = dateValue(column(row, 'icpc_icpc_date'));
    if (enquiryId === null || date === null) continue;
    const seen = latest.get(enquiryId);
    if (seen === undefined || date > seen) latest.set(enquiryId, date);
  }
  return latest;
}

/**
 * `icpc_required_flag` from the outcome JSON text: the first of {@link CP_CONFERENCE_KEYS} whose
 * value reads as a flag (Y/T/1/true or N/F/0/false, any case; JSON booleans too). Null (left
 * out) when the text is missing, is not a JSON object (Mosaic stores a comma-separated list of
 * descriptions), or holds no readable flag. Not reported: Mosaic would warn on every enquiry.
 */
export function icpcRequiredFlag(outcomeJson: SsdValue): boolean | null {
  const text = cleanText(outcomeJson);
  if (text === null) return null;
  let outcome: unknown;
  try {
    outcome = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof outcome !== 'object' || outcome === null || Array.isArray(outcome)) return null;
  for (const key of CP_CONFERENCE_KEYS) {
    const value: unknown = (outcome as Record<string, unknown>)[key];
    const flag =
      typeof value === 'boolean'
        ? value
        : typeof value === 'string' || typeof value === 'number'
          ? flagValue(value)
          : null;
    if (flag !== null) return flag;
  }
  return null;
}
