import type { SsdRow } from '../source/ssd-row.js';
import type { Random } from './random.js';
import { OTHER_ROLES } from './synthetic-codes.js';
import { iso, type EpisodeRef, type PersonRef, type SyntheticContext, type WorkerRef } from './synthetic-context.js';
import { swRegistrationNo } from './synthetic-ids.js';
import { FORENAMES, SURNAMES } from './synthetic-names.js';

/** The professionals pool: its `ssd_professionals` rows and the references generators use. */
export interface WorkerPool {
  /** One row per professional. */
  readonly rows: SsdRow[];
  /** Same professionals, as involvements refer to them. */
  readonly workers: WorkerRef[];
}

/**
 * Builds `count` professionals (ids W1, W2, ...) in teams of about eight. Each is shared by
 * many children, so one registration-number change touches many documents. About 5% have no
 * registration number (never sent as workers).
 */
export function generateWorkerPool(rng: Random, count: number): WorkerPool {
  const rows: SsdRow[] = [];
  const workers: WorkerRef[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `W${i}`;
    const team = `CSC Team ${Math.ceil(i / 8)}`;
    const name = `${rng.pick(FORENAMES)} ${rng.pick(SURNAMES)}`;
    const title = rng.weighted([['Social Worker', 60], ['Senior Social Worker', 20], ['Team Manager', 10], ['Personal Advisor', 10]]);
    rows.push({
      prof_professional_id: id,
      prof_staff_id: `STF${i}`,
      prof_professional_name: name,
      prof_social_worker_registration_no: rng.chance(0.95) ? swRegistrationNo(rng) : null,
      prof_agency_worker_flag: rng.chance(0.15) ? 'Y' : 'N',
      prof_professional_job_title: title,
      prof_professional_caseload: rng.int(4, 28),
      prof_professional_department: "Children's Social Care",
      prof_full_time_equivalency: rng.weighted([[1, 70], [0.8, 15], [0.6, 10], [0.5, 5]]),
    });
    workers.push({ id, team, name });
  }
  return { rows, workers };
}

/**
 * Adds an episode's involvements (`ssd_involvements`): a chain of allocated social workers
 * (role CW, the only role the payload sends) covering the episode, a chain of team managers
 * (TM), and 0-3 other roles; `extraRole` adds one more (IRO while looked after, PA for care
 * leavers). Real SSDs hold many involvement roles, which makes this the largest table.
 */
export function addInvolvements(ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef, extraRole: string | null): void {
  const { rng } = ctx;
  const last = episode.close ?? ctx.today;
  const first = Math.min(episode.referral + rng.int(0, 3), last);
  addChain(ctx, person, episode, 'CW', first, episode.nfa ? 1 : rng.weighted([[1, 15], [2, 35], [3, 30], [4, 20]]));
  addChain(ctx, person, episode, 'TM', first, episode.nfa ? 1 : rng.weighted([[1, 50], [2, 50]]));
  const others = episode.nfa ? [] : rng.sample(OTHER_ROLES, rng.weighted([[0, 10], [1, 30], [2, 35], [3, 25]]));
  if (extraRole !== null) others.push(extraRole);
  for (const role of others) addInvolvementRow(ctx, person, episode, role, Math.min(first + rng.int(0, 30), last), episode.close);
}

/** `count` consecutive involvements in one role, handing over at random dates. */
function addChain(ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef, role: string, first: number, count: number): void {
  const last = episode.close ?? ctx.today;
  const switches = Array.from({ length: count - 1 }, () => ctx.rng.int(first, last)).sort((a, b) => a - b);
  const starts = [first, ...switches];
  starts.forEach((start, i) => {
    const next = starts[i + 1];
    addInvolvementRow(ctx, person, episode, role, start, next === undefined ? episode.close : next - 1);
  });
}

function addInvolvementRow(
  ctx: SyntheticContext, person: PersonRef, episode: EpisodeRef, role: string, start: number, end: number | null,
): void {
  const { rng } = ctx;
  const worker = rng.pick(ctx.workers);
  const handedOver = end !== null && end !== episode.close;
  ctx.tables.ssd_involvements.push({
    invo_involvements_id: ctx.ids.next('INV'),
    invo_professional_id: worker.id,
    invo_professional_role_id: role,
    invo_professional_team: worker.team,
    invo_person_id: person.id,
    invo_involvement_start_date: iso(start),
    invo_involvement_end_date: iso(end === null ? null : Math.max(start, end)),
    invo_worker_change_reason: handedOver ? rng.pick(['Worker left', 'Case transferred', 'Caseload balancing']) : null,
    invo_referral_id: episode.referralId,
  });
}
