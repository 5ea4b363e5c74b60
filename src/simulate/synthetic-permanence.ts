import type { CarePeriod } from './synthetic-cla.js';
import { iso, pickWorker, type PersonRef, type SyntheticContext } from './synthetic-context.js';

/**
 * Adds an adoption / permanence record (`ssd_permanence`) for a period of care: decision,
 * match and placement dates as far as they have happened. `perm_cla_id` links the period;
 * `perm_person_id` mostly holds the person id, but for about one in five it holds the
 * legacy id, as SystemC loads it, so only the perm_cla_id path finds the child.
 */
export function addPermanence(ctx: SyntheticContext, person: PersonRef, period: CarePeriod): void {
  const { rng } = ctx;
  const last = period.end ?? ctx.today;
  const decision = period.start + rng.int(60, 300);
  if (decision > last) return;
  const matched = decision + rng.int(60, 240);
  const placed = matched + rng.int(7, 60);
  const reached = (day: number): number | null => (day <= last ? day : null);
  const legacy = person.legacyId?.trim();
  ctx.tables.ssd_permanence.push({
    perm_table_id: ctx.ids.next('PERM'),
    perm_person_id: legacy && rng.chance(0.2) ? legacy : person.id,
    perm_cla_id: period.claId,
    perm_adm_decision_date: iso(decision),
    perm_part_of_sibling_group: rng.chance(0.3) ? 'Y' : 'N',
    perm_siblings_placed_together: rng.chance(0.3) ? rng.int(0, 2) : null,
    perm_siblings_placed_apart: rng.chance(0.2) ? rng.int(0, 2) : null,
    perm_ffa_cp_decision_date: null,
    perm_placement_order_date: iso(reached(decision + rng.int(30, 120))),
    perm_matched_date: iso(reached(matched)),
    perm_adopter_sex: rng.pick(['MF', 'MM', 'FF', 'F', 'M']),
    perm_adopter_legal_status: rng.pick(['CPL1', 'CPL2', 'CPL3', 'NMC1', 'NMC2']),
    perm_number_of_adopters: rng.int(1, 2),
    perm_placed_for_adoption_date: iso(reached(placed)),
    perm_adopted_by_carer_flag: rng.chance(0.15) ? 'Y' : 'N',
    // SystemC's placeholder for "not recorded".
    perm_placed_foster_carer_date: '1900-01-01',
    perm_placed_ffa_cp_date: null,
    perm_placement_provider_urn: rng.chance(0.5) ? `SC${rng.int(100_000, 999_999)}` : null,
    perm_decision_reversed_date: null,
    perm_decision_reversed_reason: null,
    perm_permanence_order_date: period.endReason === 'E11' || period.endReason === 'E12' ? iso(period.end) : null,
    perm_permanence_order_type: period.endReason === 'E12' ? 'Special Guardianship Order' : period.endReason === 'E11' ? 'Adoption Order' : null,
    perm_adoption_worker_id: pickWorker(ctx).id,
  });
}
