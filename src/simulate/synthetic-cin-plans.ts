import type { AssessmentRef } from './synthetic-assessments.js';
import { iso, pickWorker, type EpisodeRef, type PersonRef, type SyntheticContext } from './synthetic-context.js';

/**
 * Adds CIN plans (`ssd_cin_plans`) to about 60% of the episodes with an authorised
 * assessment: one plan, or a chain of 2-3 when reviews replaced it. Plans of a closed
 * episode end by its close date; an open episode's last plan is usually still running.
 */
export function addCinPlans(
  ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef, assessments: readonly AssessmentRef[],
): void {
  const { rng } = ctx;
  const auth = assessments.find((a) => a.auth !== null)?.auth;
  if (auth === undefined || auth === null || !rng.chance(0.6)) return;
  const last = episode.close ?? ctx.today;
  const starts = [Math.min(auth + rng.int(0, 14), last)];
  const count = rng.weighted([[1, 50], [2, 30], [3, 20]]);
  for (let i = 1; i < count; i++) {
    const next = (starts[i - 1] ?? last) + rng.int(90, 300);
    if (next > last) break;
    starts.push(next);
  }
  starts.forEach((start, i) => {
    const next = starts[i + 1];
    addPlanRow(ctx, person, episode, start, next === undefined ? planEnd(ctx, episode, start) : next - 1);
  });
}

function planEnd(ctx: SyntheticContext, episode: EpisodeRef, start: number): number | null {
  if (episode.close !== null) return Math.max(start, episode.close - ctx.rng.int(0, 20));
  const end = start + ctx.rng.int(90, 500);
  return ctx.rng.chance(0.15) && end < ctx.today ? end : null;
}

function addPlanRow(ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef, start: number, end: number | null): void {
  const worker = pickWorker(ctx);
  ctx.tables.ssd_cin_plans.push({
    cinp_cin_plan_id: ctx.ids.next('CINP'),
    cinp_referral_id: episode.referralId,
    cinp_person_id: person.id,
    cinp_cin_plan_start_date: iso(start),
    cinp_cin_plan_end_date: iso(end),
    cinp_cin_plan_team: worker.team,
    cinp_cin_plan_worker_id: worker.id,
  });
}
