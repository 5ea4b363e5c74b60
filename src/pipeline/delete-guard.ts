import type { TableGuardLimits } from '../capture/table-guard.js';
import { SsdDeltaError } from '../core/errors.js';

/** Limits that stop a broken or half-loaded SSD from purging children at the API. */
export interface CycleGuards {
  /** How long a truncated, still-empty table is waited for before its children count as gone. */
  readonly reloadGraceMs: number;
  /** Largest share (0..1) of the children the API holds that one cycle may mark deleted. */
  readonly maxDeletedShare: number;
  /** Largest share (0..1) of the items of one kind the API holds that one cycle may purge from updated children. */
  readonly maxPurgedShare: number;
  /** Largest share (0..1) of an SSD table's rows that may go between two marking cycles before cycles hold for it. */
  readonly maxShrinkShare: number;
  /** Deletions, purged items and gone rows always allowed, whatever the share (small LAs, tests). */
  readonly minimumDeletes: number;
  /**
   * Mark nothing while any table is still being written: fingerprint mode refreshes a table only
   * once its signature is the same on two polls in a row; direct mode takes a truncated table
   * only once a cycle finds it as the last one did.
   */
  readonly waitForSettledLoads: boolean;
}

/**
 * The defaults: hold up to 2 hours for a reload, a shrunk table (half its rows gone) or a load
 * still being written; allow 10% (at least 25) deleted children and purged items per cycle.
 */
export const DEFAULT_GUARDS: CycleGuards = {
  reloadGraceMs: 2 * 60 * 60 * 1000, maxDeletedShare: 0.1, maxPurgedShare: 0.1, maxShrinkShare: 0.5, minimumDeletes: 25, waitForSettledLoads: true,
};

/** The table guard's limits (capture/table-guard.ts) from the cycle's guards. */
export function tableGuardLimits(guards: CycleGuards): TableGuardLimits {
  return { maxShrinkShare: guards.maxShrinkShare, minimumDrop: guards.minimumDeletes, waitForSettledLoads: guards.waitForSettledLoads, reloadGraceMs: guards.reloadGraceMs };
}

/** How a guard's message speaks of what it stopped, and of what happens next. */
export interface GuardWording {
  /** What would have done it: `this cycle`, `reconcile --mark`. */
  readonly subject: string;
  /** What was (not) written and what follows, after "nothing was marked deleted" or its like. */
  readonly next: string;
  /** How to go on when the loss is real. */
  readonly lift: string;
}

/** A marking cycle's wording: the watermark stays, so the same changes are read again. */
export const CYCLE_WORDING: GuardWording = {
  subject: 'this cycle',
  next: 'the changes will be read again (what was already pending is still sent)',
  lift: 'run once with --allow-mass-delete',
};

/** What to check first, for the messages of both guards. */
export const CHECK_FIRST =
  'Check the SSD load (a table emptied or half loaded?); just after 1 April, or after ssd-delta was stopped or upgraded across it, they may be what the reporting window moved past';

/**
 * Throws when a cycle would mark more children deleted than the guards allow. Nothing is marked
 * deleted then and the watermark stays, so the same changes are read again next cycle.
 */
export function checkDeleteGuard(deletes: number, accepted: number, guards: CycleGuards, wording: GuardWording = CYCLE_WORDING): void {
  if (guards.maxDeletedShare >= 1) return; // lifted (--allow-mass-delete)
  const allowed = Math.max(guards.minimumDeletes, Math.floor(guards.maxDeletedShare * accepted));
  if (deletes <= allowed) return;
  throw new SsdDeltaError(
    'MASS_DELETE_GUARD',
    `${wording.subject} would purge ${deletes} of the ${accepted} children the API holds (at most ${allowed} allowed by capture.maxDeletedShare=${guards.maxDeletedShare}); ` +
      `nothing was marked deleted and ${wording.next}. ${CHECK_FIRST}; if the children really are gone, ${wording.lift}`,
  );
}
