import { compact } from '../compact.js';
import { dateValue } from '../field-conversions.js';
import { column } from '../table-rows.js';
import type { EpisodePart } from './episode-part.js';
import { itemDate, selectEpisodeItems, type EpisodeItemSource } from './episode-items.js';

/** A plan table: an {@link EpisodeItemSource} whose rows also carry an end date. */
export interface PlanSource extends EpisodeItemSource {
  /** Column holding the plan's end date. */
  readonly endColumn: string;
}

/**
 * An episode's plans of one kind (CIN plans, CP plans): those overlapping the window (a plan
 * with no start date never does), sorted by start date then id, each `{<id key>, start_date,
 * end_date, purge}`; the list is left out when there are none.
 */
export function planListPart(source: PlanSource): EpisodePart {
  return (episode, ctx) => ({
    [source.listKey]: selectEpisodeItems(episode, ctx, source, (row) =>
      ctx.window.overlaps(dateValue(column(row, source.startColumn)), dateValue(column(row, source.endColumn))),
    ).map((item) =>
      compact<Record<string, unknown>>({
        [source.idKey]: item.id,
        start_date: itemDate(item, source.startColumn),
        end_date: itemDate(item, source.endColumn),
        purge: false,
      }),
    ),
  });
}
