import type { SsdRow } from '../source/ssd-row.js';
import { fromDayNumber } from '../core/day-number.js';
import type { IdAllocator } from './synthetic-ids.js';
import type { Random } from './random.js';
import { SSD_TABLE_NAMES, type SsdTableName } from './ssd-table-keys.js';

/** Rows of all 19 SSD tables, every table present (possibly empty). */
export type SsdTables = { [K in SsdTableName]: SsdRow[] };

/** A fresh set of 19 empty tables. */
export function emptyTables(): SsdTables {
  return Object.fromEntries(SSD_TABLE_NAMES.map((name) => [name, []])) as unknown as SsdTables;
}

/** A professional of the shared pool, as involvements and worker columns refer to them. */
export interface WorkerRef {
  /** `prof_professional_id`. */
  readonly id: string;
  /** Team name, copied onto the rows the worker is involved in. */
  readonly team: string;
  /** Full name (personal advisor column of care leavers). */
  readonly name: string;
}

/**
 * What every per-area generator needs. `rng` is replaced for each child (one stream per
 * child) so that one child's draws never shift another's.
 */
export interface SyntheticContext {
  /** The current child's random stream. */
  rng: Random;
  /** "Today" as a day number (see iso-date.ts). */
  readonly today: number;
  /** Shared id counters. */
  readonly ids: IdAllocator;
  /** Output rows of the slice being generated (a new set for each slice). */
  tables: SsdTables;
  /** The professionals pool (at least one). */
  readonly workers: readonly WorkerRef[];
  /** 3-digit LA number used inside UPNs. */
  readonly laNumber: number;
}

/** Facts about the generated person that later generators depend on. */
export interface PersonRef {
  /** `pers_person_id` (digits only). */
  readonly id: string;
  /** `pers_legacy_id`, or null. */
  readonly legacyId: string | null;
  /** Date of birth as a day number, or null (unborn). */
  readonly dob: number | null;
  /** Expected date of birth as a day number, or null. */
  readonly expectedDob: number | null;
}

/** A generated CIN episode, as the per-episode generators see it. */
export interface EpisodeRef {
  /** `cine_referral_id`. */
  readonly referralId: string;
  /** Referral date (day number). */
  readonly referral: number;
  /** Close date (day number), or null when open. */
  readonly close: number | null;
  /** No further action at referral: no assessment or plan follows. */
  readonly nfa: boolean;
}

/** A day number as `YYYY-MM-DD`, null passed through. */
export function iso(day: number | null): string | null {
  return day === null ? null : fromDayNumber(day);
}

/** The worker pool entry for a random professional. */
export function pickWorker(ctx: SyntheticContext): WorkerRef {
  return ctx.rng.pick(ctx.workers);
}
