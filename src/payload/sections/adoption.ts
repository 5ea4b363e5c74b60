import type { BuildContext } from '../build-context.js';
import type { Adoption } from '../child-document.js';
import { compact } from '../compact.js';
import { cleanText, compareText, dateValue } from '../field-conversions.js';
import { column, personRow, tableRows } from '../table-rows.js';
import type { EpisodePart } from './episode-part.js';

/** One `ssd_permanence` row read into the three dates the payload sends. */
interface PermanenceDates {
  readonly id: string;
  readonly decision: string | null;
  readonly matched: string | null;
  readonly placed: string | null;
  /** The latest of the three dates ('' when none). */
  readonly latest: string;
}

/**
 * `adoption`: keyed by child, so the same object is put in every episode (payload.md). The
 * child's `ssd_permanence` rows are those whose `perm_person_id` is the child's person id or
 * whose `perm_cla_id` is one of the child's `clae_cla_id` values (SystemC loads the legacy id
 * into `perm_person_id`, so the CLA path is often the only one that matches). A row counts when
 * its decision, matched or placed date lies in the window; the latest row wins, by the latest
 * of its three dates, then the highest `perm_table_id`. Each episode gets its own copy.
 */
export const adoptionPart: EpisodePart = (_episode, ctx) => {
  const adoption = childAdoption(ctx);
  return { adoption: adoption === null ? null : { ...adoption } };
};

/** The child's adoption block, or null when no permanence row qualifies. */
export function childAdoption(ctx: BuildContext): Adoption | null {
  const personId = childPersonId(ctx);
  const claIds = new Set<string>();
  for (const row of tableRows(ctx.rows, 'ssd_cla_episodes')) {
    const claId = cleanText(column(row, 'clae_cla_id'));
    if (claId !== null) claIds.add(claId);
  }
  const candidates: PermanenceDates[] = [];
  for (const row of tableRows(ctx.rows, 'ssd_permanence')) {
    const byPerson = cleanText(column(row, 'perm_person_id')) === personId;
    const claId = cleanText(column(row, 'perm_cla_id'));
    if (!byPerson && (claId === null || !claIds.has(claId))) continue;
    const dates = [
      dateValue(column(row, 'perm_adm_decision_date')),
      dateValue(column(row, 'perm_matched_date')),
      dateValue(column(row, 'perm_placed_for_adoption_date')),
    ] as const;
    if (!dates.some((date) => ctx.window.contains(date))) continue;
    const [decision, matched, placed] = dates;
    const latest = dates.reduce<string>((max, date) => (date !== null && date > max ? date : max), '');
    candidates.push({ id: cleanText(column(row, 'perm_table_id')) ?? '', decision, matched, placed, latest });
  }
  const chosen = candidates.sort((a, b) => compareText(b.latest, a.latest) || compareText(b.id, a.id))[0];
  if (chosen === undefined) return null;
  return compact<Adoption>({
    initial_decision_date: chosen.decision,
    matched_date: chosen.matched,
    placed_date: chosen.placed,
    purge: false,
  });
}

/** `pers_person_id` as text, else the id the rows were fetched for. */
function childPersonId(ctx: BuildContext): string {
  const person = personRow(ctx.rows);
  return (person === null ? null : cleanText(column(person, 'pers_person_id'))) ?? ctx.rows.personId;
}
