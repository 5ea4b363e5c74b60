import type { SsdRow } from '../source/ssd-row.js';

/**
 * Everything the document builder needs for one child: the SSD rows that reach this child,
 * grouped by SSD table name (`ssd_person`, `ssd_cin_episodes`, ...). A table with no rows for
 * the child may be absent or empty. `ssd_person` holds at most one row; none means the person
 * row is gone (the child is deleted).
 */
export interface ChildRows {
  /** `pers_person_id` of the child. */
  readonly personId: string;
  /** Rows per SSD table, in no particular order (the builder sorts). */
  readonly tables: Readonly<Record<string, readonly SsdRow[]>>;
}
