import type { ChangeBatch, TableMemory, TableState } from '../source/source.js';
import type { StreamDefinition } from './stream-definition.js';

/** The limits a cycle checks every SSD table against before it builds anyone from it. */
export interface TableGuardLimits {
  /**
   * Largest share (0..1) of a table's rows that may be gone since the last cycle that marked
   * (capture.maxShrinkShare); fewer than `minimumDrop` rows gone never counts.
   */
  readonly maxShrinkShare: number;
  /** Rows that may always go (small tables lose their last rows in ordinary use). */
  readonly minimumDrop: number;
  /** Direct mode: a truncated table is taken only once a cycle finds it as the last one did. */
  readonly waitForSettledLoads: boolean;
  /** How long cycles hold for one table at most; 0: never hold (capture.reloadGraceMinutes). */
  readonly reloadGraceMs: number;
}

/** A table a cycle holds for (or would, had the grace not run out), and why. */
export interface TableHold {
  readonly stream: string;
  readonly table: string;
  /** What this cycle saw of it (rows and changes), to tell next time whether it settled. */
  readonly seen: string;
  /** One line for the log: what is wrong and what the cycle waits for. */
  readonly reason: string;
}

/** What the guard decided for a cycle. */
export interface TableGuardDecision {
  /** Tables the cycle holds for: it marks nothing and the watermark stays. */
  readonly holds: TableHold[];
  /** Tables it would hold for, but cycles have held for them longer than the grace: it goes on. */
  readonly expired: TableHold[];
}

/** What the feed says of one stream: whether it was truncated, and how many changes it logged. */
function feedOf(batch: ChangeBatch, stream: string): { truncated: boolean; changes: number } {
  let truncated = false;
  let changes = 0;
  for (const c of batch.changes) {
    if (c.stream !== stream) continue;
    truncated ||= c.kind === 'truncate';
    changes += c.count;
  }
  return { truncated, changes };
}

/** Why a cycle must not build from this table now, or null. */
function reasonToHold(def: StreamDefinition, state: TableState, memory: TableMemory | undefined, feed: { truncated: boolean }, seen: string, limits: TableGuardLimits): string | null {
  const table = def.table;
  if (state.asFingerprinted === false) {
    return `${table} changed after its fingerprints were refreshed (a load is writing it): waiting until a poll refreshes it`;
  }
  const marked = memory?.markedRows ?? null;
  if (marked !== null && marked - state.rows >= Math.max(limits.minimumDrop, Math.ceil(limits.maxShrinkShare * marked))) {
    return `${table} has ${state.rows} rows, ${marked} when a cycle last marked from it (more than capture.maxShrinkShare=${limits.maxShrinkShare} gone): waiting for its load to finish`;
  }
  if (feed.truncated && state.rows === 0 && (marked === null || marked > 0)) {
    return `${table} was truncated and is still empty: waiting for its reload`;
  }
  if (feed.truncated && limits.waitForSettledLoads && memory?.heldSeen !== seen) {
    return `${table} was truncated and is being reloaded (${seen}): waiting until a cycle finds it as the last one did (capture.waitForSettledLoads)`;
  }
  return null;
}

/**
 * Decides, from one snapshot, whether a cycle may build children from the SSD tables as they
 * are: a half-done load must never reach the API (a purge the SSD does not justify is the worst
 * thing ssd-delta can send; a late update is harmless). A cycle holds for a table that
 *
 * - (fingerprint mode) moved since its fingerprints were refreshed: the feed does not describe it;
 * - lost more than `maxShrinkShare` of its rows (at least `minimumDrop`) since the last cycle
 *   that marked: a reload under way, or a load that failed part-way;
 * - was truncated (the TRUNCATE is in this cycle's feed) and is still empty;
 * - (direct mode, `waitForSettledLoads`) was truncated and has changed since the last cycle that
 *   held for it: its reload is still being written.
 *
 * Holds end when the table is back, or once cycles have held for it for `reloadGraceMs` (a table
 * may really have lost its rows; the mass-delete guards still stand between it and the API).
 */
export function decideTableHolds(
  streams: readonly StreamDefinition[],
  states: readonly TableState[],
  batch: ChangeBatch,
  memory: ReadonlyMap<string, TableMemory>,
  limits: TableGuardLimits,
): TableGuardDecision {
  const decision: TableGuardDecision = { holds: [], expired: [] };
  if (limits.reloadGraceMs <= 0) return decision;
  for (const state of states) {
    const def = streams.find((s) => s.stream === state.stream);
    if (!def) continue;
    const feed = feedOf(batch, def.stream);
    const seen = `${state.rows} rows, ${feed.changes} changes`;
    const reason = reasonToHold(def, state, memory.get(def.stream), feed, seen, limits);
    if (reason === null) continue;
    const hold = { stream: def.stream, table: def.table, seen, reason };
    const heldFor = memory.get(def.stream)?.heldForMs ?? null;
    (heldFor !== null && heldFor >= limits.reloadGraceMs ? decision.expired : decision.holds).push(hold);
  }
  return decision;
}
