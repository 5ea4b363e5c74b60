import type { BuildContext } from '../build-context.js';
import type { CareWorker } from '../child-document.js';
import { rejectedCharacterClasses } from '../document-problem.js';
import { cleanText, compareText, dateValue } from '../field-conversions.js';
import { column, tableRows } from '../table-rows.js';
import type { EpisodePart, EpisodeSource } from './episode-part.js';

/** OpenAPI maxLength of `worker_id`; ssd-tables.md says the registration number is cut to it. */
const WORKER_ID_MAX = 12;
const WORKER_ID_CHAR = /[A-Za-z0-9_-]/;
/** The involvement role that marks the allocated social worker. */
const CARE_WORKER_ROLE = 'CW';

/**
 * `care_worker_details[]`, only for a referral with a CIN plan (`cinp_referral_id`) overlapping
 * the window: the referral's `ssd_involvements` with role `CW` (trimmed, any case), joined to
 * `ssd_professionals` with a registration number, active on at least one census date (start <=
 * census and end null or >= census). `worker_id` is the trimmed registration number, cut to 12
 * characters with a warning; one that still breaks the id pattern leaves the item out with a
 * warning (rows without a usable number are never sent). Distinct items, newest first: start
 * descending, then worker id, then end date. No purge key.
 */
export const careWorkers: EpisodePart = (episode, ctx) => ({
  care_worker_details: hasPlanInWindow(episode, ctx) ? workers(episode, ctx) : null,
});

/** True when a CIN plan of the referral overlaps the window. */
function hasPlanInWindow(episode: EpisodeSource, ctx: BuildContext): boolean {
  return tableRows(ctx.rows, 'ssd_cin_plans').some(
    (row) =>
      cleanText(column(row, 'cinp_referral_id')) === episode.id &&
      ctx.window.overlaps(dateValue(column(row, 'cinp_cin_plan_start_date')), dateValue(column(row, 'cinp_cin_plan_end_date'))),
  );
}

/** Registration number per professional id; the smallest wins if a professional repeats. */
function registrationNumbers(ctx: BuildContext): Map<string, string> {
  const numbers = new Map<string, string>();
  for (const row of tableRows(ctx.rows, 'ssd_professionals')) {
    const id = cleanText(column(row, 'prof_professional_id'));
    const number = cleanText(column(row, 'prof_social_worker_registration_no'));
    if (id === null || number === null) continue;
    const known = numbers.get(id);
    if (known === undefined || number < known) numbers.set(id, number);
  }
  return numbers;
}

/** The distinct, sorted worker items of the referral. */
function workers(episode: EpisodeSource, ctx: BuildContext): CareWorker[] {
  const numbers = registrationNumbers(ctx);
  const path = `${episode.path}.care_worker_details`;
  const items = new Map<string, { worker: string; start: string; end: string | null }>();
  for (const row of tableRows(ctx.rows, 'ssd_involvements')) {
    if (cleanText(column(row, 'invo_referral_id')) !== episode.id) continue;
    if (cleanText(column(row, 'invo_professional_role_id'))?.toUpperCase() !== CARE_WORKER_ROLE) continue;
    const professional = cleanText(column(row, 'invo_professional_id'));
    const number = professional === null ? undefined : numbers.get(professional);
    if (number === undefined) continue;
    const start = dateValue(column(row, 'invo_involvement_start_date'));
    const end = dateValue(column(row, 'invo_involvement_end_date'));
    if (start === null || !ctx.window.hasCensusDateIn(start, end)) continue;
    const worker = workerId(number, `${path}.worker_id`, `professional ${professional}`, ctx);
    if (worker === null) continue;
    items.set(JSON.stringify([worker, start, end]), { worker, start, end });
  }
  return [...items.values()]
    .sort(
      (a, b) =>
        compareText(b.start, a.start) || compareText(a.worker, b.worker) || compareText(a.end ?? '', b.end ?? ''),
    )
    .map(({ worker, start, end }) => (end === null ? { worker_id: worker, start_date: start } : { worker_id: worker, start_date: start, end_date: end }));
}

/** The registration number as a worker id: cut to 12 (warning); null when it breaks the pattern. */
function workerId(number: string, path: string, who: string, ctx: BuildContext): string | null {
  const id = number.slice(0, WORKER_ID_MAX);
  if (number.length > WORKER_ID_MAX) {
    ctx.report({
      path,
      rule: 'truncated',
      severity: 'warning',
      detail: `${who}: registration number length ${number.length}; first ${WORKER_ID_MAX} characters kept`,
    });
  }
  const rejected = rejectedCharacterClasses(id, WORKER_ID_CHAR);
  if (rejected === '') return id;
  ctx.report({
    path,
    rule: 'pattern',
    severity: 'warning',
    detail: `${who}: registration number has characters outside [A-Za-z0-9_-]: ${rejected}; worker left out`,
  });
  return null;
}
