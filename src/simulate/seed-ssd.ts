import type { SsdWriter } from '../source/ssd-writer.js';
import { syntheticLaSlices, type SyntheticLaOptions } from './synthetic-la.js';
import { SSD_TABLE_NAMES } from './ssd-table-keys.js';

/** Rows inserted per table by `seedSsd`, keyed by SSD table name. */
export interface SeedSummary {
  /** Table name -> number of rows inserted (every one of the 19 tables listed). */
  readonly rows: Record<string, number>;
  /** Sum over all tables. */
  readonly totalRows: number;
}

/** Rows per insertRows call: big enough for few round trips, small enough for one statement. */
const CHUNK_ROWS = 5000;

/** People generated and written at a time: about 300,000 rows in memory, whatever the LA's size. */
const CHILDREN_PER_SLICE = 10_000;

/**
 * Creates the 19 SSD tables (when missing) and fills them with a synthetic LA,
 * `CHILDREN_PER_SLICE` people at a time: each slice's tables in DDL order, `CHUNK_ROWS` rows per
 * call. The tables are expected to be empty: seeding twice collides on primary keys.
 */
export async function seedSsd(writer: SsdWriter, options: SyntheticLaOptions): Promise<SeedSummary> {
  await writer.createSsdTables();
  const rows: Record<string, number> = Object.fromEntries(SSD_TABLE_NAMES.map((table) => [table, 0]));
  let totalRows = 0;
  for (const slice of syntheticLaSlices(options, CHILDREN_PER_SLICE)) {
    for (const table of SSD_TABLE_NAMES) {
      const tableRows = slice.tables[table] ?? [];
      for (let from = 0; from < tableRows.length; from += CHUNK_ROWS) {
        await writer.insertRows(table, tableRows.slice(from, from + CHUNK_ROWS));
      }
      rows[table] = (rows[table] ?? 0) + tableRows.length;
      totalRows += tableRows.length;
    }
  }
  // Fresh statistics, or the first set-based fetches plan as if the tables were empty.
  await writer.analyze();
  return { rows, totalRows };
}
