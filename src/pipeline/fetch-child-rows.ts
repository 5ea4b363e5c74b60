import { concatMap, type OperatorFunction } from 'rxjs';
import { needsOwnerMap, type StreamDefinition } from '../streams/stream-definition.js';
import type { ChildRows } from '../payload/child-rows.js';
import type { SsdRow } from '../source/ssd-row.js';
import type { ChildRowStore, OwnerEntry } from '../source/source.js';
import type { Chunk } from './chunk.js';
import { timed, type CycleStats } from './cycle-stats.js';

/** A chunk with every child's rows and the owner-map entries those rows imply. */
export interface FetchedChunk extends Chunk {
  readonly children: readonly ChildRows[];
  readonly owners: readonly OwnerEntry[];
}

/**
 * Fetches a chunk's rows with one set-based query per stream and groups them per child.
 * Chunks run one after another (concatMap): the database is the shared resource here.
 */
export function fetchChildRows(rows: ChildRowStore, streams: readonly StreamDefinition[], stats: CycleStats): OperatorFunction<Chunk, FetchedChunk> {
  return concatMap((chunk) =>
    timed(stats, 'fetch', async () => {
      const keyed = new Map<string, Record<string, Array<{ rowKey: string | null; row: SsdRow }>>>(chunk.ids.map((id) => [id, {}]));
      const owners: OwnerEntry[] = [];
      const results = await Promise.all(streams.map(async (def) => ({ def, fetched: await rows.fetchRows(def, chunk.ids) })));
      for (const { def, fetched } of results) {
        const remember = needsOwnerMap(def);
        for (const { personId, rowKey, row } of fetched) {
          const child = keyed.get(personId);
          if (!child) continue;
          // Under the standard table name (the stream's): the builders read it so, whatever the LA calls it.
          (child[def.stream] ??= []).push({ rowKey, row });
          // A row with no key (a NULL in a key column) feeds the document, but no change can
          // ever name it: the feed reports such writes instead (kind 'nokey').
          if (remember && rowKey !== null) owners.push({ stream: def.stream, rowKey, personId });
        }
      }
      // Rows in key order: SQL returns them in any order, and a builder's ties (two items with
      // the same date) must not depend on it, or the same data would hash differently.
      const children = chunk.ids.map((personId) => ({ personId, tables: inKeyOrder(keyed.get(personId) ?? {}) }));
      return { ...chunk, children, owners };
    }),
  );
}

function inKeyOrder(tables: Record<string, Array<{ rowKey: string | null; row: SsdRow }>>): Record<string, SsdRow[]> {
  const out: Record<string, SsdRow[]> = {};
  const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  for (const [table, rows] of Object.entries(tables)) {
    // Rows sharing a key (or with none: a NULL in a key column) keep a fixed order too, by content.
    out[table] = rows.sort((a, b) => compare(a.rowKey ?? '', b.rowKey ?? '') || compare(JSON.stringify(a.row), JSON.stringify(b.row))).map((r) => r.row);
  }
  return out;
}
