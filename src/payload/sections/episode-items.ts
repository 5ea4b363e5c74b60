import type { SsdRow } from '../../source/ssd-row.js';
import type { BuildContext } from '../build-context.js';
import { cleanText, compareText, dateValue } from '../field-conversions.js';
import { itemIdProblems } from '../identifiers.js';
import { column, tableRows } from '../table-rows.js';
import type { EpisodeSource } from './episode-part.js';

/**
 * Shared selection of an episode's sub-items (assessments, CIN plans, S47s, CP plans): rows of
 * one table joined to the episode by referral id, filtered, checked for a usable id, sorted by
 * start date then id, and given their document paths. Each sub-list part only says which table
 * and columns, which rows belong in the window, and how a row becomes an item.
 */

/** Where one kind of sub-item comes from and where it goes. */
export interface EpisodeItemSource {
  /** SSD table, e.g. `ssd_cin_plans`. */
  readonly table: string;
  /** Column holding the referral id the item belongs to, e.g. `cinp_referral_id`. */
  readonly referralColumn: string;
  /** Column holding the item id, e.g. `cinp_cin_plan_id`. */
  readonly idColumn: string;
  /** Column holding the start date the list is sorted by. */
  readonly startColumn: string;
  /** The list key in the episode, e.g. `child_in_need_plans`. */
  readonly listKey: string;
  /** The id key in each item, e.g. `child_in_need_plan_id`. */
  readonly idKey: string;
}

/** One selected row, ready to be turned into an item. */
export interface EpisodeItem {
  /** The source row. */
  readonly row: SsdRow;
  /** Its id as trimmed text (Mosaic ids are ints; joins compare text). */
  readonly id: string;
  /** Its place in the document, e.g. `social_care_episodes[0].child_in_need_plans[1]`. */
  readonly path: string;
}

/**
 * The rows of `source.table` whose referral is `episode.id` and that `include` accepts, sorted
 * by start date (a missing start first) then id. A row without an id cannot be sent (the id is
 * required): it is reported and left out. An id the contract rejects is reported as an error
 * but kept, so the caller sees the invalid child as it is (as for episodes).
 */
export function selectEpisodeItems(
  episode: EpisodeSource,
  ctx: BuildContext,
  source: EpisodeItemSource,
  include: (row: SsdRow) => boolean,
): EpisodeItem[] {
  const listPath = `${episode.path}.${source.listKey}`;
  const kept: { row: SsdRow; id: string; start: string }[] = [];
  for (const row of tableRows(ctx.rows, source.table)) {
    if (cleanText(column(row, source.referralColumn)) !== episode.id || !include(row)) continue;
    const id = cleanText(column(row, source.idColumn));
    if (id === null) {
      ctx.report({
        path: listPath,
        rule: 'required',
        severity: 'error',
        detail: `episode ${episode.id}: a ${source.table} row in the window has no ${source.idColumn}; left out`,
      });
      continue;
    }
    kept.push({ row, id, start: dateValue(column(row, source.startColumn)) ?? '' });
  }
  kept.sort((a, b) => compareText(a.start, b.start) || compareText(a.id, b.id));
  return kept.map(({ row, id }, index) => {
    const path = `${listPath}[${index}]`;
    for (const problem of itemIdProblems(id, `${path}.${source.idKey}`)) {
      ctx.report({ ...problem, detail: `${source.idKey} ${JSON.stringify(id)}: ${problem.detail}` });
    }
    return { row, id, path };
  });
}

/** Reads a date column of an item row. */
export function itemDate(item: EpisodeItem, name: string): string | null {
  return dateValue(column(item.row, name));
}
