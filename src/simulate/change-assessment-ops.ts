import type { SsdRow } from '../source/ssd-row.js';
import { isOpenEpisode } from './change-episode-ops.js';
import { idsOf, type ChangeRound } from './change-round.js';
import { factorsJson } from './synthetic-assessments.js';

/**
 * Change operations on child and family assessments together with their factors row
 * (ssd_assessment_factors, which reaches the child only through the assessment): one
 * started, one authorised, one deleted. Victims are never assessments whose factors another
 * operation of the round has already written.
 */

const pending = (a: SsdRow): boolean => a.cina_assessment_auth_date === null || a.cina_assessment_auth_date === undefined;

/**
 * A reassessment started today on an open episode, with the factors row SystemC creates with
 * the form (no factors yet), as the synthetic LA holds for unfinished assessments.
 */
export async function startReassessments(round: ChangeRound): Promise<void> {
  const episodes = (await round.victims('ssd_cin_episodes')).take(round.count(), isOpenEpisode);
  const assessments = episodes.map((e) => ({
    cina_assessment_id: round.newId('A'), cina_person_id: e.cine_person_id ?? null, cina_referral_id: e.cine_referral_id ?? null,
    cina_assessment_start_date: round.today, cina_assessment_team: e.cine_referral_team ?? null, cina_assessment_worker_id: e.cine_referral_worker_id ?? null,
  }));
  const factors = assessments.map((a) => ({
    cinf_table_id: round.newId('EXT'), cinf_assessment_id: a.cina_assessment_id, cinf_assessment_factors_json: factorsJson(round.rng, false),
  }));
  await round.insert('ssd_cin_assessments', assessments, `assessment ${idsOf(assessments, 'cina_assessment_id')} started on episode ${idsOf(episodes, 'cine_referral_id')}`);
  await round.insert('ssd_assessment_factors', factors, `factors row ${idsOf(factors, 'cinf_table_id')} for assessment ${idsOf(assessments, 'cina_assessment_id')}`);
}

/**
 * Assessments still in progress authorised today, and their factors recorded: the factors
 * row is updated, or inserted when the assessment has none (a new child's assessment from a
 * recent round, which this operation takes first).
 */
export async function authoriseAssessments(round: ChangeRound): Promise<void> {
  const recent = (await round.recentlyAdded('ssd_cin_assessments', 'A')).filter(pending);
  const sampled = (await round.victims('ssd_cin_assessments')).take(3 * round.count(), pending);
  const candidates = [...recent, ...sampled.filter((a) => !recent.some((r) => r.cina_assessment_id === a.cina_assessment_id))];
  const factors = await factorsOf(round, candidates);
  const free = candidates.filter((a) => !(factors.get(String(a.cina_assessment_id)) ?? []).some((f) => round.isWritten('ssd_assessment_factors', f)));
  const chosen = [...free.filter((a) => !factors.has(String(a.cina_assessment_id))), ...free.filter((a) => factors.has(String(a.cina_assessment_id)))]
    .slice(0, round.count());
  const outcome = JSON.stringify({ OUTCOME_NFA_FLAG: 'N', OUTCOME_CIN_PLAN_FLAG: 'Y', OUTCOME_STRATEGY_DISCUSSION_FLAG: 'N' });
  const authorised = chosen.map((a) => ({
    cina_assessment_id: a.cina_assessment_id ?? null, cina_assessment_auth_date: round.today, cina_assessment_child_seen: 'Y',
    cina_assessment_outcome_json: outcome, cina_assessment_outcome_nfa: 'N',
  }));
  await round.update('ssd_cin_assessments', authorised, `assessment ${idsOf(chosen, 'cina_assessment_id')} authorised`);
  const updated = chosen.flatMap((a) => (factors.get(String(a.cina_assessment_id)) ?? []).slice(0, 1))
    .map((f) => ({ cinf_table_id: f.cinf_table_id ?? null, cinf_assessment_id: f.cinf_assessment_id ?? null, cinf_assessment_factors_json: factorsJson(round.rng, true) }));
  const inserted = chosen.filter((a) => !factors.has(String(a.cina_assessment_id)))
    .map((a) => ({ cinf_table_id: round.newId('EXT'), cinf_assessment_id: a.cina_assessment_id ?? null, cinf_assessment_factors_json: factorsJson(round.rng, true) }));
  await round.update('ssd_assessment_factors', updated, `factors recorded on assessment ${idsOf(updated, 'cinf_assessment_id')}`);
  await round.insert('ssd_assessment_factors', inserted, `factors row ${idsOf(inserted, 'cinf_table_id')} for assessment ${idsOf(inserted, 'cinf_assessment_id')}`);
}

/** An assessment recorded in error deleted, with its factors row. */
export async function deleteAssessments(round: ChangeRound): Promise<void> {
  const candidates = (await round.victims('ssd_cin_assessments')).take(3 * round.count());
  const factors = await factorsOf(round, candidates);
  const chosen = candidates
    .filter((a) => !(factors.get(String(a.cina_assessment_id)) ?? []).some((f) => round.isWritten('ssd_assessment_factors', f)))
    .slice(0, round.count());
  const factorRows = chosen.flatMap((a) => factors.get(String(a.cina_assessment_id)) ?? []);
  await round.delete('ssd_cin_assessments', chosen, `assessment ${idsOf(chosen, 'cina_assessment_id')} deleted (recorded in error)`);
  await round.delete('ssd_assessment_factors', factorRows, `factors of assessment ${idsOf(factorRows, 'cinf_assessment_id')} deleted`);
}

/** The factors rows of some assessments, by assessment id. */
async function factorsOf(round: ChangeRound, assessments: readonly SsdRow[]): Promise<Map<string, SsdRow[]>> {
  const rows = await round.related('ssd_assessment_factors', 'cinf_assessment_id', assessments.map((a) => String(a.cina_assessment_id)));
  const byAssessment = new Map<string, SsdRow[]>();
  for (const row of rows) {
    const id = String(row.cinf_assessment_id);
    byAssessment.set(id, [...(byAssessment.get(id) ?? []), row]);
  }
  return byAssessment;
}
