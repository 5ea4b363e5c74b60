import type { BuildContext } from '../build-context.js';
import type { CareLeavers } from '../child-document.js';
import { compact } from '../compact.js';
import { cleanText, compareText, dateValue } from '../field-conversions.js';
import { column, tableRows } from '../table-rows.js';
import { codedValue } from './coded-value.js';
import type { EpisodePart } from './episode-part.js';

/** The block is child-level: built (and its warnings reported) once per document. */
const built = new WeakMap<BuildContext, CareLeavers | null>();

/**
 * `care_leavers`: keyed by child, so the same object is put in every episode (payload.md). The
 * child's latest `ssd_care_leavers` row by `clea_care_leaver_latest_contact` (no window filter;
 * a row without a contact date comes last), then the highest `clea_table_id`, then content, so
 * rows that tie on both (Mosaic loads no id) still pick the same row every time. Activity and
 * accommodation go through the code lookup (SystemC loads descriptions). Problems are reported
 * once, against the first episode that carries the block.
 */
export const careLeaversPart: EpisodePart = (episode, ctx) => {
  if (!built.has(ctx)) built.set(ctx, childCareLeavers(ctx, `${episode.path}.care_leavers`));
  const block = built.get(ctx) ?? null;
  return { care_leavers: block === null ? null : { ...block } };
};

/** The child's care-leaver block, or null when the child has no care-leaver row. */
export function childCareLeavers(ctx: BuildContext, path: string): CareLeavers | null {
  const latest = tableRows(ctx.rows, 'ssd_care_leavers')
    .map((row) => ({
      contact: dateValue(column(row, 'clea_care_leaver_latest_contact')),
      id: cleanText(column(row, 'clea_table_id')) ?? '',
      activity: column(row, 'clea_care_leaver_activity'),
      accommodation: column(row, 'clea_care_leaver_accommodation'),
    }))
    .sort(
      (a, b) =>
        compareText(b.contact ?? '', a.contact ?? '') ||
        compareText(b.id, a.id) ||
        compareText(String(b.activity ?? ''), String(a.activity ?? '')) ||
        compareText(String(b.accommodation ?? ''), String(a.accommodation ?? '')),
    )[0];
  if (latest === undefined) return null;
  return compact<CareLeavers>({
    contact_date: latest.contact,
    // Repeated in every episode, but reported once, at the first.
    activity: codedValue(ctx, 'careLeaverActivity', latest.activity, `${path}.activity`),
    accommodation: codedValue(ctx, 'careLeaverAccommodation', latest.accommodation, `${path}.accommodation`),
    purge: false,
  });
}
