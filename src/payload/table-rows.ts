import type { SsdRow, SsdValue } from '../source/ssd-row.js';
import type { ChildRows } from './child-rows.js';

/** The child's rows of one SSD table; empty when the table is absent. */
export function tableRows(rows: ChildRows, table: string): readonly SsdRow[] {
  return rows.tables[table] ?? [];
}

/** The child's `ssd_person` row, or null when it is gone (the child is deleted). */
export function personRow(rows: ChildRows): SsdRow | null {
  return tableRows(rows, 'ssd_person')[0] ?? null;
}

/** One column of a row; a column the query did not return reads as null. */
export function column(row: SsdRow, name: string): SsdValue {
  return row[name] ?? null;
}
