import { SsdDeltaError } from '../core/errors.js';
import type { Source } from './source.js';
import type { SsdRow } from './ssd-row.js';

/**
 * What writes SSD tables: used only by `seed`, `simulate`, tests and benchmarks, which reach it
 * through {@link ssdWriterOf}. It is not part of the dialect port (Source): in production the
 * LA's own SSD script owns these tables, and nothing that runs or serves can write them.
 *
 * Table and column names must be SSD names known to the stream definitions; the adapter
 * checks them before building SQL (values are always bound as parameters).
 */
export interface SsdWriter {
  /** Creates the 19 SSD tables when they do not exist (the seed's DDL, not a migration). */
  createSsdTables(): Promise<void>;
  /** Inserts rows in bulk (one round trip per few thousand rows). Missing columns are NULL. */
  insertRows(table: string, rows: readonly SsdRow[]): Promise<void>;
  /**
   * Updates rows matched by `keyColumns`; every other column present in a row is set to its
   * value. Rows are independent: a row whose key matches nothing changes nothing.
   */
  updateRows(table: string, keyColumns: readonly string[], rows: readonly SsdRow[]): Promise<void>;
  /** Deletes rows matched by `keyColumns` (only those columns of each row are read). */
  deleteRows(table: string, keyColumns: readonly string[], keys: readonly SsdRow[]): Promise<void>;
  /** Empties a table with TRUNCATE (as an SSD nightly reload does). */
  truncate(table: string): Promise<void>;
  /**
   * Returns up to `count` rows of a table in a pseudo-random order that depends only on
   * `seed` and the rows' keys (deterministic for the same data), optionally only rows whose
   * `filter.column` is one of `filter.values`.
   */
  sampleRows(
    table: string,
    count: number,
    seed: number,
    filter?: { column: string; values: readonly string[] },
  ): Promise<SsdRow[]>;
  /** Refreshes the planner's statistics after a bulk load (PGlite never runs autovacuum). */
  analyze(): Promise<void>;
  /** Number of rows in a table. */
  countRows(table: string): Promise<number>;
}

/** Each source's SSD writer, set by its adapter when it opens. */
const writers = new WeakMap<Source, SsdWriter>();

/** Gives `source` its SSD writer (each adapter, as it opens a source). */
export function attachSsdWriter(source: Source, writer: SsdWriter): Source {
  writers.set(source, writer);
  return source;
}

/** The SSD writer of a source an adapter opened (seed, simulate, tests and benchmarks only). */
export function ssdWriterOf(source: Source): SsdWriter {
  const writer = writers.get(source);
  if (writer === undefined) throw new SsdDeltaError('NO_SSD_WRITER', `${source.description} was not opened by an ssd-delta adapter: it has no SSD writer`, { exitCode: 1 });
  return writer;
}
