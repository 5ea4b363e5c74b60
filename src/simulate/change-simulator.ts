import type { SsdWriter } from '../source/ssd-writer.js';
import { toDayNumber } from '../core/day-number.js';
import { ROTATING_OPERATIONS } from './change-extra-ops.js';
import { addCinPlans, addCpPlans, addS47Enquiries, closeEpisodes, deleteEpisodes } from './change-episode-ops.js';
import { movePlacements, rewriteUnchanged, updateAssessmentFactors, updateRegistrationNumbers } from './change-linked-ops.js';
import {
  addAddresses, addNewChildren, deleteDisabilities, deletePeople, updateAddressPostcodes, updateEthnicities, updateSurnames,
} from './change-person-ops.js';
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
  /** Multiplier of rows per operation (default 1: about 20 changed rows per round). */
  readonly scale?: number;
}

/** What a round did: one entry per write, ids only. */
export interface ChangeSummary {
  /** The round number. */
  readonly round: number;
  /** Writes in the order they were made. */
  readonly operations: ChangeOperation[];
}

/** The operations every round makes, in order: person tables, referral tables, indirect ones. */
const CORE_OPERATIONS = [
  updateSurnames, updateEthnicities, addAddresses, updateAddressPostcodes, deleteDisabilities, deletePeople, addNewChildren,
  closeEpisodes, deleteEpisodes, addCinPlans, addS47Enquiries, addCpPlans,
  updateAssessmentFactors, updateRegistrationNumbers, movePlacements, rewriteUnchanged,
];

/** How many rotating operations join each round. */
const ROTATING_PER_ROUND = 2;

/**
 * Makes one round of realistic changes to an SSD through the writer: inserts, updates and
 * deletes on person-level, referral-level and indirect tables (assessment factors, a shared
 * professional, placements), a new child, a deleted person and episode, and a no-op rewrite,
 * plus two rotating operations on the other tables. Victims come from writer.sampleRows, so
 * the same data, seed and round always give the same changes.
 */
export async function simulateChanges(writer: SsdWriter, options: SimulateChangesOptions): Promise<ChangeSummary> {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(options.round) || options.round < 0) throw new Error(`round must be a whole number >= 0, got ${options.round}`);
  if (!(scale > 0)) throw new Error(`scale must be > 0, got ${scale}`);
  toDayNumber(options.today);
  const round = new ChangeRound(writer, options.round, options.today, scale, options.seed);
  await round.sampleVictims();
  for (const operation of CORE_OPERATIONS) await operation(round);
  for (let i = 0; i < ROTATING_PER_ROUND; i++) {
    const operation = ROTATING_OPERATIONS[(options.round * ROTATING_PER_ROUND + i) % ROTATING_OPERATIONS.length];
    if (operation !== undefined) await operation(round);
  }
  return { round: options.round, operations: round.operations };
}
