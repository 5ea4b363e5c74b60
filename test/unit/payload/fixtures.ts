import type { ChildRows } from '../../../src/payload/child-rows.js';
import { reportingWindow } from '../../../src/payload/reporting-window.js';
import { watchWindow } from '../../../src/payload/window-watch.js';
import type { SsdRow } from '../../../src/source/ssd-row.js';

/** The window of payload.md's example: 2024-04-01 .. 2026-08-11. */
export const WINDOW = reportingWindow('2026-08-10');

/** {@link WINDOW} as the builder asks it (cohort rules take the view). */
export const VIEW = watchWindow(WINDOW);

/** A person row of a 10-year-old with every column the builder reads. */
export function person(overrides: Partial<Record<string, string | number | null>> = {}): SsdRow {
  return {
    pers_person_id: 'C1',
    pers_legacy_id: 'LEG-1',
    pers_upn: 'A123456789012',
    pers_upn_unknown: null,
    pers_forename: 'Ann',
    pers_surname: 'Example',
    pers_sex: 'F',
    pers_ethnicity: 'WBRI',
    pers_dob: '2016-05-01',
    pers_expected_dob: null,
    ...overrides,
  } as SsdRow;
}

/** A CIN episode open since 2025-01-10. */
export function episode(overrides: Partial<Record<string, string | number | null>> = {}): SsdRow {
  return {
    cine_referral_id: 'R1',
    cine_person_id: 'C1',
    cine_referral_date: '2025-01-10',
    cine_referral_source_code: '1A',
    cine_referral_nfa: 'N',
    cine_close_reason: null,
    cine_close_date: null,
    ...overrides,
  } as SsdRow;
}

/** ChildRows for person C1 from the given tables (ssd_person included only when passed). */
export function childRows(tables: Record<string, SsdRow[]>): ChildRows {
  return { personId: 'C1', tables };
}
