import type { Random } from './random.js';
import { ASSESSMENT_FACTORS } from './synthetic-codes.js';
import { iso, pickWorker, type EpisodeRef, type PersonRef, type SyntheticContext } from './synthetic-context.js';

/** A generated assessment: id and dates (day numbers). */
export interface AssessmentRef {
  /** `cina_assessment_id`. */
  readonly id: string;
  /** Start date. */
  readonly start: number;
  /** Authorisation date, or null while the assessment is still going. */
  readonly auth: number | null;
}

/**
 * Adds an episode's child and family assessments (`ssd_cin_assessments`) and one
 * `ssd_assessment_factors` row per assessment. NFA referrals get none, and some fresh open
 * referrals get none yet (the cohort's "waiting for assessment" case).
 */
export function addAssessments(ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef): AssessmentRef[] {
  const { rng } = ctx;
  if (episode.nfa) return [];
  if (episode.close === null && ctx.today - episode.referral < 15 && rng.chance(0.6)) return [];
  const last = episode.close ?? ctx.today;
  const count = rng.weighted([[1, 35], [2, 35], [3, 30]]);
  const result: AssessmentRef[] = [];
  let start = Math.min(episode.referral + rng.int(0, 5), last);
  for (let i = 0; i < count && start <= last; i++) {
    let auth: number | null = start + rng.int(5, 45);
    if (auth > last) auth = episode.close === null ? null : episode.close;
    result.push(addAssessmentRow(ctx, person, episode, start, auth));
    start = (auth ?? start) + rng.int(30, 200);
    if (auth === null) break;
  }
  return result;
}

function addAssessmentRow(
  ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef, start: number, auth: number | null,
): AssessmentRef {
  const { rng } = ctx;
  const id = ctx.ids.next('A');
  const worker = pickWorker(ctx);
  const nfa = auth !== null && rng.chance(0.35);
  ctx.tables.ssd_cin_assessments.push({
    cina_assessment_id: id,
    cina_person_id: person.id,
    cina_referral_id: episode.referralId,
    cina_assessment_start_date: iso(start),
    cina_assessment_child_seen: auth === null ? null : rng.chance(0.92) ? 'Y' : 'N',
    cina_assessment_auth_date: iso(auth),
    cina_assessment_outcome_json: auth === null ? null : JSON.stringify({
      OUTCOME_NFA_FLAG: nfa ? 'Y' : 'N', OUTCOME_CIN_PLAN_FLAG: nfa ? 'N' : 'Y', OUTCOME_STRATEGY_DISCUSSION_FLAG: 'N',
    }),
    cina_assessment_outcome_nfa: auth === null ? null : nfa ? 'Y' : 'N',
    cina_assessment_team: worker.team,
    cina_assessment_worker_id: worker.id,
  });
  ctx.tables.ssd_assessment_factors.push({
    cinf_table_id: ctx.ids.next('EXT'),
    cinf_assessment_id: id,
    cinf_assessment_factors_json: factorsJson(rng, auth !== null),
  });
  return { id, start, auth };
}

/**
 * The factors column in every shape real loads produce: a sorted JSON array (with or
 * without spaces), NULL, blank, the text 'null', '[]', or Eclipse's fixed-length array
 * padded with JSON nulls. Unfinished assessments have no factors yet.
 */
export function factorsJson(rng: Random, finished: boolean): string | null {
  if (!finished) return rng.chance(0.6) ? null : '[]';
  const roll = rng.next();
  if (roll < 0.04) return null;
  if (roll < 0.06) return '';
  if (roll < 0.08) return 'null';
  if (roll < 0.1) return '[]';
  const picked = new Set(rng.sample(ASSESSMENT_FACTORS, rng.weighted([[1, 30], [2, 30], [3, 20], [4, 12], [5, 8]])));
  const codes: (string | null)[] = ASSESSMENT_FACTORS.filter((code) => picked.has(code));
  if (roll < 0.18) {
    while (codes.length < 6) codes.push(null);
    return JSON.stringify(codes);
  }
  return rng.chance(0.3) ? `[${codes.map((c) => JSON.stringify(c)).join(', ')}]` : JSON.stringify(codes);
}
