import type { DueDay, Mark, StagingState } from '../source/source.js';
import type { BuiltChild } from './decide-mark.js';

/** Where a rebuilt child's next time-driven rebuild day must be written, if anywhere. */
export type DueWrite = { readonly to: 'staging' | 'wakeup'; readonly due: DueDay } | null;

/**
 * The day lives on the child's staging row when it has one, else in the wake-up table:
 *
 * | staging row before | mark      | write                                                   |
 * |--------------------|-----------|---------------------------------------------------------|
 * | any                | upsert    | nothing more (the upsert carries valid_until); a new row clears any wake-up |
 * | none               | none      | wake-up day (null clears it)                            |
 * | any                | remove    | wake-up day: the row goes                               |
 * | yes                | none      | valid_until, only when it moved                         |
 */
export function dueWrite(built: BuiltChild, state: StagingState | undefined, mark: Mark | null): DueWrite {
  const due: DueDay = { personId: built.personId, day: built.validUntil };
  if (mark?.kind === 'upsert') return state ? null : { to: 'wakeup', due: { personId: built.personId, day: null } };
  if (mark?.kind === 'remove' || !state) return { to: 'wakeup', due };
  return state.validUntil === built.validUntil ? null : { to: 'staging', due };
}
