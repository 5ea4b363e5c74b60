import { idsOf, type ChangeRound } from './change-round.js';
import { factorsJson } from './synthetic-assessments.js';
import { PLACEMENT_CHANGE_REASONS, PLACEMENT_TYPES } from './synthetic-codes.js';
import { swRegistrationNo } from './synthetic-ids.js';
import { syntheticPostcode } from './synthetic-postcode.js';

/**
 * Change operations on tables that reach the child only indirectly: assessment factors
 * (via the assessment), professionals (fan-out via involvements), placements (via the CLA
 * id), plus the no-op rewrite that must not count as a change.
 */

/** Assessment factors recorded differently (JSON text column). */
export async function updateAssessmentFactors(round: ChangeRound): Promise<void> {
  const factors = (await round.victims('ssd_assessment_factors')).take(round.count());
  const rows = factors.map((f) => {
    let json = factorsJson(round.rng, true);
    while (json === f.cinf_assessment_factors_json) json = factorsJson(round.rng, true);
    return { cinf_table_id: f.cinf_table_id ?? null, cinf_assessment_id: f.cinf_assessment_id ?? null, cinf_assessment_factors_json: json };
  });
  await round.update('ssd_assessment_factors', rows, `factors changed on assessment ${idsOf(factors, 'cinf_assessment_id')}`);
}

/** A professional's registration number corrected: touches every child they work with. */
export async function updateRegistrationNumbers(round: ChangeRound): Promise<void> {
  const professionals = (await round.victims('ssd_professionals')).take(round.count());
  const rows = professionals.map((p) => {
    let number = swRegistrationNo(round.rng);
    while (number === p.prof_social_worker_registration_no) number = swRegistrationNo(round.rng);
    return { prof_professional_id: p.prof_professional_id ?? null, prof_social_worker_registration_no: number };
  });
  await round.update('ssd_professionals', rows, `registration number changed for professional ${idsOf(professionals, 'prof_professional_id')}`);
}

/**
 * A placement move for a child still looked after: the current placement (the one the open
 * CLA episode points to, if it is still open) ends yesterday with a change reason and a new
 * one starts today in the same period of care.
 */
export async function movePlacements(round: ChangeRound): Promise<void> {
  const candidates = (await round.victims('ssd_cla_episodes')).take(3 * round.count(), (e) => e.clae_cla_episode_ceased_date === null);
  const placementIds = candidates.map((e) => String(e.clae_cla_placement_id));
  if (placementIds.length === 0) return;
  const placements = (await round.related('ssd_cla_placement', 'clap_cla_placement_id', placementIds))
    .filter((p) => !round.isWritten('ssd_cla_placement', p));
  const open = new Set(placements.filter((p) => p.clap_cla_placement_end_date === null).map((p) => p.clap_cla_placement_id));
  const episodes = candidates.filter((e) => open.has(e.clae_cla_placement_id ?? null)).slice(0, round.count());
  const ended = episodes.map((e) => ({
    clap_cla_placement_id: e.clae_cla_placement_id ?? null, clap_cla_placement_end_date: round.daysAgo(1),
    clap_cla_placement_change_reason: round.rng.pick(PLACEMENT_CHANGE_REASONS),
  }));
  const added = episodes.map((e) => ({
    clap_cla_placement_id: round.newId('PL'), clap_cla_id: e.clae_cla_id ?? null, clap_person_id: e.clae_person_id ?? null,
    clap_cla_placement_start_date: round.today, clap_cla_placement_type: round.rng.weighted(PLACEMENT_TYPES),
    clap_cla_placement_postcode: syntheticPostcode(round.rng), clap_cla_placement_provider: 'PR1',
  }));
  await round.update('ssd_cla_placement', ended, `placement ${idsOf(ended, 'clap_cla_placement_id')} ended`);
  await round.insert('ssd_cla_placement', added, `placement ${idsOf(added, 'clap_cla_placement_id')} for period ${idsOf(episodes, 'clae_cla_id')}`);
}

/** CIN plan rows written again with the values they already hold: no document may change. */
export async function rewriteUnchanged(round: ChangeRound): Promise<void> {
  const rows = (await round.victims('ssd_cin_plans')).take(round.count());
  await round.update('ssd_cin_plans', rows, `no-op rewrite of CIN plan ${idsOf(rows, 'cinp_cin_plan_id')}`);
}
