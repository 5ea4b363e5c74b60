import { addYears } from '../core/day-number.js';
import type { Random } from './random.js';
import type { ChildKind } from './synthetic-child-kind.js';
import { CLOSE_REASONS, PRIMARY_NEEDS, REFERRAL_SOURCES } from './synthetic-codes.js';
import { iso, pickWorker, type EpisodeRef, type PersonRef, type SyntheticContext } from './synthetic-context.js';

/** Dates of one planned episode (day numbers). */
interface EpisodePlan {
  readonly referral: number;
  readonly close: number | null;
  readonly nfa: boolean;
}

/**
 * Adds the person's CIN episodes (`ssd_cin_episodes`) and returns them, oldest first.
 * Children get 1-3 episodes in the last ~3 years, the latest one overlapping the last two
 * years for ~92% of them and open for about half; earlier ones are closed and some start
 * before the reporting window. Care leavers hold one long open episode from before they
 * entered care; unborn children a recent pre-birth referral; adults only old closed cases.
 */
export function addEpisodes(ctx: SyntheticContext, person: PersonRef, kind: ChildKind): EpisodeRef[] {
  const plans = planEpisodes(ctx.rng, kind, person, ctx.today);
  return plans.map((plan) => addEpisodeRow(ctx, person, plan));
}

function planEpisodes(rng: Random, kind: ChildKind, person: PersonRef, today: number): EpisodePlan[] {
  const dob = person.dob ?? today;
  switch (kind) {
    case 'no-episode':
      return [];
    case 'unborn':
      return [{ referral: today - rng.int(3, 150), close: null, nfa: false }];
    case 'care-leaver': {
      // Referred some years before care began; the leaving-care service keeps it open.
      // Earlier childhood episodes, closed long ago, come first.
      const referral = Math.min(addYears(dob, rng.int(10, 16)) + rng.int(0, 300), addYears(dob, 18) - 200);
      return [...earlierEpisodes(rng, referral, rng.int(0, 2), addYears(dob, 2)), { referral, close: null, nfa: false }];
    }
    case 'adult': {
      if (rng.chance(0.5)) return [];
      const referral = today - rng.int(1900, 4300);
      return [{ referral, close: referral + rng.int(20, 400), nfa: false }];
    }
    default:
      return planChildEpisodes(rng, dob, today);
  }
}

function planChildEpisodes(rng: Random, dob: number, today: number): EpisodePlan[] {
  const count = rng.weighted([[1, 25], [2, 35], [3, 40]]);
  const earliest = Math.max(dob - 150, today - 1300);
  const recent = !rng.chance(0.08) || today - 1150 < earliest;
  const referral = recent ? rng.int(Math.max(earliest, today - 730), today - 2) : rng.int(Math.max(earliest, today - 1150), today - 731);
  return [...earlierEpisodes(rng, referral, count - 1, earliest), latestEpisode(rng, referral, today, recent)];
}

/** Up to `count` closed episodes before `next` (a referral day), none before `earliest`. */
function earlierEpisodes(rng: Random, next: number, count: number, earliest: number): EpisodePlan[] {
  const plans: EpisodePlan[] = [];
  for (let i = 0; i < count; i++) {
    const close = next - rng.int(7, 240);
    const nfa = rng.chance(0.15);
    const start = close - (nfa ? rng.int(0, 7) : rng.int(14, 300));
    if (start < earliest) break;
    plans.unshift({ referral: start, close, nfa });
    next = start;
  }
  return plans;
}

function latestEpisode(rng: Random, referral: number, today: number, recent: boolean): EpisodePlan {
  if (recent && rng.chance(0.5)) return { referral, close: null, nfa: false };
  if (rng.chance(0.15)) return { referral, close: Math.min(referral + rng.int(0, 7), today - 1), nfa: true };
  const close = referral + rng.int(14, 420);
  return close >= today ? { referral, close: null, nfa: false } : { referral, close, nfa: false };
}

/** Descriptions of the referral source codes, as SystemC loads them beside the code. */
const SOURCE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  '1': 'Individual', '2': 'Schools and education services', '3': 'Health services', '4': 'Housing',
  '5': 'LA services', '6': 'Police', '7': 'Other legal agency', '8': 'Other', '9': 'Anonymous',
};

function addEpisodeRow(ctx: SyntheticContext, person: PersonRef, plan: EpisodePlan): EpisodeRef {
  const { rng } = ctx;
  const referralId = ctx.ids.next('R');
  const source = rng.chance(0.02) ? null : rng.weighted(REFERRAL_SOURCES);
  const worker = pickWorker(ctx);
  // Most loads use Y/N; a few CMS configurations give 1/0.
  const [yes, no] = rng.chance(0.03) ? ['1', '0'] : ['Y', 'N'];
  ctx.tables.ssd_cin_episodes.push({
    cine_referral_id: referralId,
    cine_person_id: person.id,
    cine_referral_date: iso(plan.referral),
    cine_cin_primary_need_code: plan.nfa && rng.chance(0.5) ? null : rng.weighted(PRIMARY_NEEDS),
    cine_referral_source_code: source,
    cine_referral_source_desc: source === null ? null : (source === '10' ? 'Unknown' : SOURCE_DESCRIPTIONS[source.charAt(0)] ?? 'Other'),
    cine_referral_outcome_json: JSON.stringify({
      OUTCOME_SINGLE_ASSESSMENT_FLAG: plan.nfa ? 'N' : 'Y', OUTCOME_NFA_FLAG: plan.nfa ? 'Y' : 'N',
      OUTCOME_STRATEGY_DISCUSSION_FLAG: rng.chance(0.2) ? 'Y' : 'N',
    }),
    cine_referral_nfa: plan.nfa ? yes : no,
    cine_close_reason: plan.close === null ? null : plan.nfa ? 'RC8' : rng.weighted(CLOSE_REASONS),
    cine_close_date: iso(plan.close),
    cine_referral_team: worker.team,
    cine_referral_worker_id: worker.id,
  });
  return { referralId, referral: plan.referral, close: plan.close, nfa: plan.nfa };
}
