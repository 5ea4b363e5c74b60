import type { SsdWriter } from '../source/ssd-writer.js';
import { toDayNumber } from '../core/day-number.js';
import { operationsForRound } from './change-schedule.js';
import { ChangeRound, type ChangeOperation } from './change-round.js';

export type { ChangeOperation } from './change-round.js';

/** One round of simulated changes. */
export interface SimulateChangesOptions {
  /** Seed of the run; with `round` it fixes every choice (samples use seed * 1000 + round). */
  readonly seed: number;
  /** Round number, 0..99999; new ids include it, so use each round only once per database. */
  readonly round: number;
  /** "Today" (`YYYY-MM-DD`): new and changed dates are today or just before. */
  readonly today: string;
  /** Multiplier of rows per operation (default 1: about 30-40 changed rows per round). */
  readonly scale?: number;
}

/** What a round did: one entry per write, ids only. */
export interface ChangeSummary {
  /** The round number. */
  readonly round: number;
  /** Writes in the order they were made. */
  readonly operations: ChangeOperation[];
}

/**
 * Makes one round of realistic changes to an SSD through the writer, writing all 19 tables:
 * every round a new child, a deleted person and episode, surname, ethnicity, address and
 * factor changes, a shared professional's registration number, a placement move and a no-op
 * rewrite; in rotation (see ROUND_SCHEDULE) an insert, update or delete on each other table,
 * so any three consecutive rounds insert, update and delete in every table. Victims come from
 * writer.sampleRows, so the same data, seed and round always give the same changes.
 */
export async function simulateChanges(writer: SsdWriter, options: SimulateChangesOptions): Promise<ChangeSummary> {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(options.round) || options.round < 0) throw new Error(`round must be a whole number >= 0, got ${options.round}`);
  if (!(scale > 0)) throw new Error(`scale must be > 0, got ${scale}`);
  toDayNumber(options.today);
  const round = new ChangeRound(writer, options.round, options.today, scale, options.seed);
  await round.sampleVictims();
  for (const operation of operationsForRound(options.round)) await operation(round);
  return { round: options.round, operations: round.operations };
}
