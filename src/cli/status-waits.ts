import { endedRunSentence, leaseHolder, unsentSentences } from '../pipeline/cycle-waits.js';
import type { LeaseGroup, UnsentCounts } from '../source/source.js';
import type { AppContext } from './app-context.js';

/** Why children wait to be sent, as `status` reads it from the database. */
export interface StatusWaits {
  /**
   * Whether another process runs a cycle now (it holds the run lock); null where no other process
   * can use the database (the embedded one): then every lease is an ended run's.
   */
  readonly running: boolean | null;
  /** The run that took the run lock last (the running one while `running`), or null. */
  readonly runBy: string | null;
  /** Children under a lease, by the run holding it. */
  readonly leases: readonly LeaseGroup[];
  /** Children no cycle sends as things stand, and those waiting. */
  readonly unsent: UnsentCounts;
  /** submit.maxAttempts. */
  readonly maxAttempts: number;
  /** SSD tables cycles hold for (a load under way, or a table that shrank): since how long, and when they go on without it (ISO, UTC). */
  readonly heldTables: ReadonlyArray<{ readonly table: string; readonly minutes: number; readonly until: string }>;
  /** The last finished cycle's reasons for leaving children unsent, and when; null before one kept any. */
  readonly lastCycle: { readonly at: string; readonly waits: readonly string[] } | null;
}

/** Reads why children wait (leases, the run lock, what no cycle sends, tables held, the last cycle's reasons). Reads only. */
export async function readStatusWaits(app: Pick<AppContext, 'source' | 'streams' | 'config'>): Promise<StatusWaits> {
  const { source, streams, config } = app;
  const maxAttempts = config.submit.maxAttempts;
  const [running, leases, unsent, memory, last] = await Promise.all([
    source.lock.running(),
    source.submissions.leases(),
    source.submissions.unsent(maxAttempts, config.payload.purgeDeleted),
    source.capture.tableMemory(streams.map((s) => s.stream)),
    source.submissions.lastWaits(),
  ]);
  const graceMs = config.capture.reloadGraceMinutes * 60_000;
  const heldTables = streams.flatMap((s) => {
    const held = memory.get(s.stream);
    if (!held || held.heldForMs === null || !held.heldSince) return [];
    return [{ table: s.table, minutes: Math.floor(held.heldForMs / 60_000), until: `${new Date(Date.parse(held.heldSince) + graceMs).toISOString().slice(0, 19)}Z` }];
  });
  return { running, runBy: last.runBy, leases, unsent, maxAttempts, heldTables, lastCycle: last.waits };
}

/** The sentence for children under one run's lease: the running cycle's, or an ended run's. */
function leaseLine(lease: LeaseGroup, waits: StatusWaits): string {
  if (waits.running === true && lease.leasedBy !== null && lease.leasedBy === waits.runBy) {
    return `${lease.children} children leased to ${leaseHolder(lease)}, the cycle running now, which is sending them (its lease runs until ${lease.until})`;
  }
  return endedRunSentence(lease);
}

/**
 * `status`'s sentences on why children wait: the running cycle, leases (to it or to runs that
 * ended), children refused for good and purges held, tables cycles hold for, the last finished
 * cycle's own reasons, and pending children no reason above covers. Empty when nothing waits.
 * Names runs, tables and config keys, never a child.
 */
export function statusWaitLines(waits: StatusWaits): string[] {
  const lines: string[] = [];
  // `reconcile --mark` takes the run lock too, and sends nothing.
  const reconciling = waits.running === true && (waits.runBy ?? '').startsWith('reconcile');
  if (waits.running === true) lines.push(reconciling ? `${waits.runBy} holds the run lock: no cycle runs until it ends` : `a cycle is running now: ${waits.runBy ?? 'a run'} holds the run lock`);
  for (const lease of waits.leases) lines.push(leaseLine(lease, waits));
  lines.push(...unsentSentences(waits.unsent, waits.maxAttempts));
  for (const held of waits.heldTables) {
    lines.push(`cycles have held for the load of ${held.table} for ${held.minutes} minutes: nothing is marked until it settles, or until ${held.until} (capture.reloadGraceMinutes), when cycles go on without waiting`);
  }
  for (const wait of waits.lastCycle?.waits ?? []) lines.push(`the last finished cycle (${waits.lastCycle?.at}): ${wait}`);
  // Every pending child, so none goes unexplained: the next cycle sends them, but for those held above.
  const pending = waits.unsent.pending - waits.unsent.purgesHeld;
  if (pending > 0) {
    const who = waits.running === true && !reconciling ? 'the running cycle or the next' : `the next cycle (\`ssd-delta run\`, or serve's schedule.cycle)${waits.running === false ? '; none is running now' : ''}`;
    lines.push(`${pending} children pending in all: ${who} sends them, but for any a reason above holds`);
  }
  return lines;
}
