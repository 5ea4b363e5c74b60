/**
 * One row of an SSD table as ssd-delta sees it: column name -> value.
 *
 * Dates travel as `YYYY-MM-DD` strings (the adapter converts in SQL, so no time zone ever
 * shifts a date), integers as numbers, everything else as text or null. Fixed-width `char(n)`
 * values may arrive space-padded: readers trim.
 */
export type SsdValue = string | number | null;

/** A row keyed by SSD column name (e.g. `pers_person_id`). */
export type SsdRow = Readonly<Record<string, SsdValue>>;

/** Rows grouped by the set of columns they carry (one statement per group: updates set only what a row has). */
export function groupByColumns(rows: readonly SsdRow[]): SsdRow[][] {
  const groups = new Map<string, SsdRow[]>();
  for (const row of rows) {
    const signature = Object.keys(row).sort().join(',');
    groups.set(signature, [...(groups.get(signature) ?? []), row]);
  }
  return [...groups.values()];
}

/** Every column named by any of the rows. */
export function columnNames(rows: readonly SsdRow[]): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r)))];
}
