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
