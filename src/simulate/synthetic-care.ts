import { addYears } from '../core/day-number.js';
import type { ChildKind } from './synthetic-child-kind.js';
import { addCareLeaverContacts } from './synthetic-care-leavers.js';
import { addCarePeriod, type CarePeriod } from './synthetic-cla.js';
import { CLA_CEASED_AT_18, CLA_CEASED_FINAL } from './synthetic-codes.js';
import type { EpisodeRef, PersonRef, SyntheticContext } from './synthetic-context.js';
import { addPermanence } from './synthetic-permanence.js';
import { addSdqScores } from './synthetic-sdq.js';

/**
 * Decides whether and when the person was looked after and adds everything that follows:
 * the period of care, SDQ scores, permanence and care-leaver contacts. About a third of
 * children are looked after during their latest assessed episode; every care leaver was, up
 * to their 18th birthday. Returns the extra involvement role per referral id (IRO while
 * looked after, PA for care leavers).
 */
export function addCareHistory(
  ctx: SyntheticContext, person: PersonRef, kind: ChildKind, episodes: readonly EpisodeRef[],
): Map<string, string> {
  const roles = new Map<string, string>();
  const dob = person.dob;
  if (dob === null) return roles;
  if (kind === 'care-leaver') {
    const episode = episodes[episodes.length - 1];
    if (episode === undefined) return roles;
    const eighteen = addYears(dob, 18);
    const start = Math.min(episode.referral + ctx.rng.int(0, 200), eighteen - 30);
    const period = addCarePeriod(ctx, person, episode, start, eighteen, ctx.rng.weighted(CLA_CEASED_AT_18));
    addSdqScores(ctx, person, period);
    addCareLeaverContacts(ctx, person);
    roles.set(episode.referralId, 'PA');
    return roles;
  }
  const episode = [...episodes].reverse().find((e) => !e.nfa);
  if (kind !== 'child' || episode === undefined || !ctx.rng.chance(0.35)) return roles;
  const period = childCarePeriod(ctx, person, episode);
  addSdqScores(ctx, person, period);
  const age = (ctx.today - dob) / 365.25;
  const adopted = period.endReason === 'E11' || period.endReason === 'E12';
  if (adopted || (period.end === null && age < 10 && ctx.rng.chance(0.35))) addPermanence(ctx, person, period);
  if (age >= 16 && (period.end === null || period.end >= addYears(dob, 16)) && ctx.rng.chance(0.5)) {
    addCareLeaverContacts(ctx, person);
  }
  roles.set(episode.referralId, 'IRO');
  return roles;
}

/** A period inside the episode: ends with a closed episode, or is often still open. */
function childCarePeriod(ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef): CarePeriod {
  const { rng } = ctx;
  const last = (episode.close ?? ctx.today) - 1;
  const start = Math.max(episode.referral, Math.min(episode.referral + rng.int(0, 90), last));
  if (episode.close !== null) {
    const end = Math.max(start + 1, episode.close - rng.int(0, 10));
    return addCarePeriod(ctx, person, episode, start, end, rng.weighted(CLA_CEASED_FINAL));
  }
  if (rng.chance(0.25) && start + 30 < ctx.today - 1) {
    return addCarePeriod(ctx, person, episode, start, rng.int(start + 30, ctx.today - 1), rng.weighted(CLA_CEASED_FINAL));
  }
  return addCarePeriod(ctx, person, episode, start, null, null);
}
