import type { ChangeBatch, TableMemory, TableState } from '../source/source.js';
import type { StreamDefinition } from '../streams/stream-definition.js';

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

/**
 * A load whose last change is this old has finished (an atomic reload, long committed): its
 * table is taken without waiting a cycle to see it settle.
 */
const QUIET_MS = 10 * 60_000;

/** What the feed says of one stream. */
interface StreamFeed {
  /**
   * Truncated: the TRUNCATE is in the feed (Postgres), or Change Tracking lost the table's
   * history (SQL Server re-baselines a truncated table: CHANGETABLE records no TRUNCATE).
   */
  readonly truncated: boolean;
  /** Raw changes logged for it since its watermark. */
  readonly changes: number;
  /** Milliseconds since its most recently changed row was last logged (Infinity: no change; 0: unknown). */
  readonly quietMs: number;
  /** True when it has never been marked (a first cycle): nothing to compare its table with. */
  readonly fresh: boolean;
}

function feedOf(batch: ChangeBatch, stream: string): StreamFeed {
  const rebaselined = (batch.rebaselined ?? []).some((r) => r.stream === stream);
  let truncated = rebaselined;
  let changes = 0;
  // Change Tracking keeps no time of a truncate: a re-baselined table is never known to be quiet.
  let quietMs = rebaselined ? 0 : Number.POSITIVE_INFINITY;
  for (const c of batch.changes) {
    if (c.stream !== stream) continue;
    truncated ||= c.kind === 'truncate';
    changes += c.count;
    quietMs = Math.min(quietMs, c.ageMs);
  }
  return { truncated, changes, quietMs, fresh: batch.baselineStreams.includes(stream) && !rebaselined };
}

/** What a cycle saw of a table, as stored to compare with the next cycle's (`held_seen`). */
function seenText(rows: number, changes: number): string {
  return `${rows} rows, ${changes} changes`;
}

/** The row count a stored `held_seen` holds, or null. */
function seenRows(seen: string | null | undefined): number | null {
  const rows = /^(\d+) rows,/.exec(seen ?? '')?.[1];
  return rows === undefined ? null : Number(rows);
}

/** Why a cycle must not build from this table now, or null. */
function reasonToHold(def: StreamDefinition, state: TableState, memory: TableMemory | undefined, feed: StreamFeed, seen: string, limits: TableGuardLimits): string | null {
  const table = def.table;
  if (state.asFingerprinted === false) {
    return `${table} changed after its fingerprints were refreshed (a load is writing it): waiting until a poll refreshes it`;
  }
  const marked = memory?.markedRows ?? null;
  const large = marked === null ? Number.POSITIVE_INFINITY : Math.max(limits.minimumDrop, Math.ceil(limits.maxShrinkShare * marked));
  if (marked !== null && marked - state.rows >= large) {
    return `${table} has ${state.rows} rows, ${marked} when a cycle last marked from it (more than capture.maxShrinkShare=${limits.maxShrinkShare} gone): waiting for its load to finish`;
  }
  if (feed.truncated && state.rows === 0 && (marked === null || marked > 0)) {
    return `${table} was truncated and is still empty: waiting for its reload`;
  }
  const settled = memory?.heldSeen === seen || feed.quietMs >= QUIET_MS;
  // Rows only: the changes a cycle sees keep adding up while it holds (an edited table would never settle).
  if (marked === null && !feed.fresh && seenRows(memory?.heldSeen) !== state.rows) {
    // A database marked before row counts were kept (an upgrade): one cycle to see the count hold still.
    return `${table}: no row count stored from an earlier cycle yet (${seen}): waiting until a cycle finds it as this one did`;
  }
  if (state.asFingerprinted === null && limits.waitForSettledLoads && (feed.truncated || feed.changes >= large) && !settled) {
    return `${table} was ${feed.truncated ? 'truncated' : 'rewritten in bulk'} and is still being written (${seen}): waiting until a cycle finds it as the last one did (capture.waitForSettledLoads)`;
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
 * - (direct mode, `waitForSettledLoads`) was truncated (or changed in bulk: at least the shrink
 *   threshold of its rows) and has changed since the last cycle that held for it, its last change
 *   less than 10 minutes old: its reload is still being written;
 * - has no row count stored yet although it was marked before (the first cycle after an upgrade):
 *   one cycle to see its count hold still.
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
    const seen = seenText(state.rows, feed.changes);
    const reason = reasonToHold(def, state, memory.get(def.stream), feed, seen, limits);
    if (reason === null) continue;
    const hold = { stream: def.stream, table: def.table, seen, reason };
    const heldFor = memory.get(def.stream)?.heldForMs ?? null;
    (heldFor !== null && heldFor >= limits.reloadGraceMs ? decision.expired : decision.holds).push(hold);
  }
  return decision;
}
