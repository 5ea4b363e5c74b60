import { addYears } from '../core/day-number.js';
import type { Random } from './random.js';
import type { Weighted } from './synthetic-codes.js';

/**
 * The kinds of person the synthetic LA holds, chosen so that every cohort rule is exercised:
 * - `child`: aged 0..17, 1-3 CIN episodes in the last ~3 years, some looked after.
 * - `care-leaver`: aged 18..25, left care at 18, one long open episode, care-leaver contacts.
 * - `unborn`: no date of birth, expected date of birth in the coming months, pre-birth referral.
 * - `no-episode`: aged 0..17 with a person row and addresses only (never in the cohort).
 * - `adult`: aged 26..45 (parents, or old cases): out of cohort by age.
 */
export type ChildKind = 'child' | 'care-leaver' | 'unborn' | 'no-episode' | 'adult';

/** How often each kind appears (percent). */
export const CHILD_KIND_WEIGHTS: Weighted<ChildKind> = [
  ['child', 86], ['care-leaver', 7.5], ['unborn', 1.5], ['no-episode', 2], ['adult', 3],
];

/** Birth facts of one person. */
export interface BirthDates {
  /** Date of birth (day number) or null. */
  readonly dob: number | null;
  /** Expected date of birth (day number) or null. */
  readonly expectedDob: number | null;
}

/** Draws the date of birth (or expected one) matching a kind's age range. */
export function birthDatesFor(rng: Random, kind: ChildKind, today: number): BirthDates {
  switch (kind) {
    case 'unborn':
      return { dob: null, expectedDob: today + rng.int(14, 200) };
    case 'care-leaver':
      return { dob: rng.int(addYears(today, -26) + 1, addYears(today, -18)), expectedDob: null };
    case 'adult':
      return { dob: rng.int(addYears(today, -46) + 1, addYears(today, -26)), expectedDob: null };
    default: {
      const dob = rng.int(addYears(today, -18) + 1, today - 1);
      // Babies born after a pre-birth referral keep the expected date their record had.
      const expectedDob = today - dob < 365 && rng.chance(0.3) ? dob + rng.int(-20, 20) : null;
      return { dob, expectedDob };
    }
  }
}
