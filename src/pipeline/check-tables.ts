import { decideTableHolds } from '../capture/table-guard.js';
import type { StreamDefinition } from '../streams/stream-definition.js';
import type { Logger } from '../core/logger.js';
import type { ChangeBatch, CaptureStore, CycleView } from '../source/source.js';
import { tableGuardLimits, type CycleGuards } from './delete-guard.js';

/** What the table check found: tables to hold for (none: go on), and every table's rows. */
export interface TableCheck {
  /** SSD tables the cycle holds for (it marks nothing); empty when it may build. */
  readonly held: string[];
  /** Rows of every stream's table in the cycle's snapshot, stored with the watermark when it marks. */
  readonly rows: Array<{ stream: string; rows: number }>;
}

/**
 * Looks at every SSD table in the cycle's snapshot before any child is built from it (see
 * capture/table-guard.ts): a table shrunk, truncated or still being written holds the whole
 * cycle, and is remembered so the next cycle can tell whether it settled and how long it has
 * been held for. Each hold, and each one that ran past the grace, is logged with its reason.
 */
export async function checkTables(view: CycleView, capture: CaptureStore, batch: ChangeBatch, streams: readonly StreamDefinition[], guards: CycleGuards, logger: Logger): Promise<TableCheck> {
  const states = await view.tableStates(streams);
  const memory = await capture.tableMemory(streams.map((s) => s.stream));
  const decision = decideTableHolds(streams, states, batch, memory, tableGuardLimits(guards));
  for (const hold of decision.expired) logger.warn({ table: hold.table }, `${hold.reason}; held for longer than capture.reloadGraceMinutes: taking it as it is (the mass-delete guards still apply)`);
  for (const hold of decision.holds) logger.warn({ table: hold.table }, `${hold.reason}; nothing is marked this cycle (nothing is lost)`);
  await capture.noteHeld(decision.holds.map(({ stream, seen }) => ({ stream, seen })));
  return { held: decision.holds.map((h) => h.table), rows: states.map(({ stream, rows }) => ({ stream, rows })) };
}
