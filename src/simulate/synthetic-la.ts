import type { SsdRow } from '../source/ssd-row.js';
import { toDayNumber } from '../core/day-number.js';
import { mixSeed, Random } from './random.js';
import { addAssessments } from './synthetic-assessments.js';
import { addCareHistory } from './synthetic-care.js';
import { birthDatesFor, CHILD_KIND_WEIGHTS } from './synthetic-child-kind.js';
import { addCinPlans } from './synthetic-cin-plans.js';
import { emptyTables, type SyntheticContext } from './synthetic-context.js';
import { addEpisodes } from './synthetic-episodes.js';
import { IdAllocator } from './synthetic-ids.js';
import { addPerson } from './synthetic-person.js';
import { addPersonDetails } from './synthetic-person-details.js';
import { addProtection } from './synthetic-protection.js';
import { addInvolvements, generateWorkerPool } from './synthetic-workers.js';

/** What to generate. */
export interface SyntheticLaOptions {
  /** Number of people (children and the few adults an SSD also holds), e.g. 2000. */
  readonly children: number;
  /** Seed: the same (children, seed, today) always gives the same LA. */
  readonly seed: number;
  /** "Today" (`YYYY-MM-DD`): every date is placed relative to it. */
  readonly today: string;
}

/** A generated LA: rows of all 19 SSD tables keyed by table name, columns named as in the DDL. */
export interface SyntheticLa {
  /** Table name -> rows (every table present, possibly empty). */
  readonly tables: Record<string, SsdRow[]>;
}

/**
 * Generates a realistic synthetic SSD for one LA (about 25-35 rows per person across the 19
 * tables). Each person is drawn from its own random stream (seed, index), so generation is
 * deterministic and linear in `children`; rows are plain objects in arrays.
 */
export function generateSyntheticLa(options: SyntheticLaOptions): SyntheticLa {
  const [whole] = syntheticLaSlices(options, Number.POSITIVE_INFINITY);
  return whole as SyntheticLa;
}

/**
 * The same LA as {@link generateSyntheticLa}, handed over `childrenPerSlice` people at a time
 * (the worker pool with the first), so a caller that writes each slice away holds one slice's
 * rows, not the LA's: a million children are about 27 million rows, more than Node's heap.
 * Together the slices hold exactly the rows of the whole, in the same order.
 */
export function syntheticLaSlices(options: SyntheticLaOptions, childrenPerSlice: number): Generator<SyntheticLa> {
  // Checked now, not when the first slice is asked for: a caller may write something first.
  if (!Number.isInteger(options.children) || options.children < 0) throw new Error(`children must be a whole number >= 0, got ${options.children}`);
  if (!(childrenPerSlice >= 1)) throw new Error(`childrenPerSlice must be at least 1, got ${childrenPerSlice}`);
  return slices(options, toDayNumber(options.today), childrenPerSlice);
}

function* slices(options: SyntheticLaOptions, today: number, childrenPerSlice: number): Generator<SyntheticLa> {
  const { children, seed } = options;
  const pool = generateWorkerPool(new Random(mixSeed(seed, -1)), Math.max(1, Math.round(children / 15)));
  const ctx: SyntheticContext = {
    rng: new Random(seed),
    today,
    ids: new IdAllocator(),
    tables: emptyTables(),
    workers: pool.workers,
    laNumber: 201 + (mixSeed(seed, -2) % 700),
  };
  for (const row of pool.rows) ctx.tables.ssd_professionals.push(row);
  let index = 0;
  do {
    for (const end = Math.min(children, index + childrenPerSlice); index < end; index++) {
      ctx.rng = new Random(mixSeed(seed, index + 1));
      addChild(ctx, index);
    }
    yield { tables: ctx.tables };
    ctx.tables = emptyTables();
  } while (index < children);
}

/** One person and everything that hangs off them. */
function addChild(ctx: SyntheticContext, index: number): void {
  const kind = ctx.rng.weighted(CHILD_KIND_WEIGHTS);
  const person = addPerson(ctx, index, kind, birthDatesFor(ctx.rng, kind, ctx.today));
  addPersonDetails(ctx, person, kind);
  const episodes = addEpisodes(ctx, person, kind);
  const extraRoles = addCareHistory(ctx, person, kind, episodes);
  for (const episode of episodes) {
    const assessments = addAssessments(ctx, person, episode);
    addCinPlans(ctx, person, episode, assessments);
    addProtection(ctx, person, episode);
    addInvolvements(ctx, person, episode, extraRoles.get(episode.referralId) ?? null);
  }
}
