import type { SsdValue } from '../../source/ssd-row.js';
import type { BuildContext } from '../build-context.js';
import type { HealthAndWellbeing, SdqAssessment } from '../child-document.js';
import { cleanText, dateValue } from '../field-conversions.js';
import { column, tableRows } from '../table-rows.js';
import type { SectionBuilder } from './section-builder.js';

const PATH = 'health_and_wellbeing.sdq_assessments';

/**
 * `health_and_wellbeing`: the child's `ssd_sdq_scores` with a score and a completed date in the
 * window, newest first (date descending, then score, since the row id is not stable and cannot
 * order them), plus `purge: false`. The block is left out when no SDQ qualifies.
 */
export const healthAndWellbeingSection: SectionBuilder = (ctx) => ({
  health_and_wellbeing: buildHealthAndWellbeing(ctx),
});

/** The block, or null when the child has no SDQ to send. */
export function buildHealthAndWellbeing(ctx: BuildContext): HealthAndWellbeing | null {
  const assessments: Required<SdqAssessment>[] = [];
  for (const row of tableRows(ctx.rows, 'ssd_sdq_scores')) {
    const date = dateValue(column(row, 'csdq_sdq_completed_date'));
    const raw = column(row, 'csdq_sdq_score');
    if (!ctx.window.contains(date) || date === null || cleanText(raw) === null) continue;
    const score = sdqScore(raw);
    if (score === null) {
      ctx.report({
        path: PATH,
        rule: 'integer',
        severity: 'warning',
        detail: `an SDQ score in the window (length ${String(raw).trim().length}) is not a whole number; left out`,
      });
      continue;
    }
    assessments.push({ date, score });
  }
  if (assessments.length === 0) return null;
  assessments.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.score - b.score));
  return { sdq_assessments: assessments, purge: false };
}

/** Numeric text such as `12`, `+12`, `12.0`. */
const NUMERIC_TEXT = /^[+-]?\d+(\.\d+)?$/;

/**
 * An SDQ score as a safe integer: an integer number, or text holding one (Mosaic stores the
 * score as text). Fractions, non-numeric text and unsafe magnitudes give null.
 */
export function sdqScore(value: SsdValue): number | null {
  let score: number;
  if (typeof value === 'number') score = value;
  else {
    const text = cleanText(value);
    if (text === null || !NUMERIC_TEXT.test(text)) return null;
    score = Number(text);
  }
  return Number.isSafeInteger(score) ? score : null;
}
