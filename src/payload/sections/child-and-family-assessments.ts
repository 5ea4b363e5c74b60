import type { BuildContext } from '../build-context.js';
import type { ChildAndFamilyAssessment } from '../child-document.js';
import { compact } from '../compact.js';
import { cleanText, dateValue } from '../field-conversions.js';
import { column, tableRows } from '../table-rows.js';
import { parseFactors, sortedDistinctFactors } from './assessment-factors.js';
import type { EpisodePart } from './episode-part.js';
import { itemDate, selectEpisodeItems, type EpisodeItem, type EpisodeItemSource } from './episode-items.js';

/** Where assessments come from (ssd-tables.md, ssd_cin_assessments). */
const ASSESSMENTS: EpisodeItemSource = {
  table: 'ssd_cin_assessments',
  referralColumn: 'cina_referral_id',
  idColumn: 'cina_assessment_id',
  startColumn: 'cina_assessment_start_date',
  listKey: 'child_and_family_assessments',
  idKey: 'child_and_family_assessment_id',
};

/** OpenAPI limits of `factors`: at most 41 codes, each at most 3 characters. */
const FACTORS_MAX_ITEMS = 41;
const FACTOR_CODE_MAX = 3;

/**
 * `child_and_family_assessments[]`: the referral's assessments whose start or authorisation
 * date is in the window, sorted by start date then id; left out when there are none. Each
 * carries `factors` even when empty (payload.md).
 */
export const childAndFamilyAssessments: EpisodePart = (episode, ctx) => ({
  child_and_family_assessments: selectEpisodeItems(episode, ctx, ASSESSMENTS, (row) =>
    ctx.window.contains(dateValue(column(row, 'cina_assessment_start_date'))) ||
    ctx.window.contains(dateValue(column(row, 'cina_assessment_auth_date'))),
  ).map((item) =>
    compact<ChildAndFamilyAssessment>(
      {
        child_and_family_assessment_id: item.id,
        start_date: itemDate(item, 'cina_assessment_start_date'),
        authorisation_date: itemDate(item, 'cina_assessment_auth_date'),
        factors: assessmentFactors(item, ctx),
        purge: false,
      },
      ['factors'],
    ),
  ),
});

/**
 * The factor codes of every `ssd_assessment_factors` row of the assessment (normally one; more
 * are merged rather than duplicating the item), distinct and sorted. Unreadable text is a
 * warning (sent as no factors); a code or a count the contract rejects is an error, kept as is
 * so the caller sees the invalid child.
 */
function assessmentFactors(item: EpisodeItem, ctx: BuildContext): string[] {
  const path = `${item.path}.factors`;
  const codes: string[] = [];
  for (const row of tableRows(ctx.rows, 'ssd_assessment_factors')) {
    if (cleanText(column(row, 'cinf_assessment_id')) !== item.id) continue;
    const parsed = parseFactors(column(row, 'cinf_assessment_factors_json'));
    codes.push(...parsed.codes);
    if (parsed.unreadable !== null) {
      ctx.report({
        path,
        rule: 'format',
        severity: 'warning',
        detail: `assessment ${item.id}: cinf_assessment_factors_json ${parsed.unreadable}; ignored`,
      });
    }
  }
  const factors = sortedDistinctFactors(codes);
  for (const code of factors.filter((c) => c.length > FACTOR_CODE_MAX)) {
    ctx.report({
      path,
      rule: 'maxLength',
      severity: 'error',
      detail: `assessment ${item.id}: factor ${JSON.stringify(code)} has length ${code.length}, over ${FACTOR_CODE_MAX}`,
    });
  }
  if (factors.length > FACTORS_MAX_ITEMS) {
    ctx.report({
      path,
      rule: 'maxItems',
      severity: 'error',
      detail: `assessment ${item.id}: ${factors.length} factors, over ${FACTORS_MAX_ITEMS}`,
    });
  }
  return factors;
}
