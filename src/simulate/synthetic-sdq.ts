import { addYears } from '../core/day-number.js';
import type { CarePeriod } from './synthetic-cla.js';
import { iso, type PersonRef, type SyntheticContext } from './synthetic-context.js';

/**
 * Adds SDQ scores (`ssd_sdq_scores`) for a looked-after child: roughly one a year while in
 * care between the ages of 4 and 16, at most the three most recent.
 */
export function addSdqScores(ctx: SyntheticContext, person: PersonRef, period: CarePeriod): void {
  if (person.dob === null) return;
  const { rng } = ctx;
  const from = Math.max(period.start + 30, addYears(person.dob, 4));
  const to = Math.min(period.end ?? ctx.today, addYears(person.dob, 17) - 1, ctx.today);
  const dates: number[] = [];
  for (let day = to - rng.int(0, 200); day >= from && dates.length < 3; day -= rng.int(300, 420)) dates.push(day);
  for (const day of dates.reverse()) {
    ctx.tables.ssd_sdq_scores.push({
      csdq_table_id: ctx.ids.next('SDQ'),
      csdq_person_id: person.id,
      csdq_sdq_completed_date: iso(day),
      csdq_sdq_score: rng.chance(0.03) ? null : Math.min(40, Math.max(0, Math.round(14 + (rng.next() + rng.next() - 1) * 16))),
      // SystemC's placeholder: the reason is not loaded.
      csdq_sdq_reason: 'SSD_PH',
    });
  }
}
