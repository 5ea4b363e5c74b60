// Mapping changed rows to children, and fetching children's rows. Part of the dialect port:
// src/source/source.ts gathers the parts, and every layer imports them from there.

import type { StreamDefinition } from '../../streams/stream-definition.js';
import type { SsdRow } from '../ssd-row.js';

/** A row fetched for a child, with the child it reached and its key. */
export interface FetchedRow {
  readonly personId: string;
  /** Null when the SSD row has no key (a NULL in a key column): it feeds the document, but nothing can address it. */
  readonly rowKey: string | null;
  readonly row: SsdRow;
}

/** (stream, row key) -> child: what ssd-delta remembers so deleted rows still reach their child. */
export interface OwnerEntry {
  readonly stream: string;
  readonly rowKey: string;
  readonly personId: string;
}

/** Touch mapping and set-based fetch. */
export interface ChildRowStore {
  /** Children reached by these rows of a stream: through the current tables and through the owner map. */
  childrenOf(stream: StreamDefinition, rowKeys: readonly string[]): Promise<string[]>;
  /** Every child a TRUNCATE of this stream's table can affect (its children are re-evaluated). */
  childrenOfStream(stream: StreamDefinition): Promise<string[]>;
  /** Rows of `ssd_person` with no `pers_person_id` (they can never be sent; reported). */
  countPersonsWithoutId(): Promise<number>;
  /** Every person in `ssd_person` plus every child in the staging table. */
  allChildren(): Promise<string[]>;
  /** Every person in `ssd_person` (where ssd-delta has no staging table: the read-only commands). */
  ssdChildren(): Promise<string[]>;
  /** Children whose document changes by time alone on or before `day` (staging valid_until, wake-ups). */
  childrenDue(day: string): Promise<string[]>;
  /** True when the stream's table has no rows (a TRUNCATE not yet followed by its reload). */
  isEmpty(stream: StreamDefinition): Promise<boolean>;
  /** One set-based query: this stream's rows for these children. */
  fetchRows(stream: StreamDefinition, personIds: readonly string[]): Promise<FetchedRow[]>;
}
