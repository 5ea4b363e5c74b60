import type { LeaseGroup } from '../source/source.js';
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
  /** SSD tables cycles hold for (a load under way, or a table that shrank), and for how long. */
  readonly heldTables: ReadonlyArray<{ readonly table: string; readonly minutes: number }>;
  /** The last cycle's reasons for leaving children unsent, and when it finished; null before one kept any. */
  readonly lastCycle: { readonly at: string; readonly waits: readonly string[] } | null;
}

/** Reads why children wait (leases, the run lock, tables held, the last cycle's reasons). Reads only. */
export async function readStatusWaits(app: Pick<AppContext, 'source' | 'streams'>): Promise<StatusWaits> {
  const { source, streams } = app;
  const [running, leases, memory, last] = await Promise.all([
    source.lock.running(),
    source.submissions.leases(),
    source.capture.tableMemory(streams.map((s) => s.stream)),
    source.submissions.lastWaits(),
  ]);
  const heldTables = streams.flatMap((s) => {
    const heldForMs = memory.get(s.stream)?.heldForMs;
    return heldForMs === null || heldForMs === undefined ? [] : [{ table: s.table, minutes: Math.floor(heldForMs / 60_000) }];
  });
  return { running, runBy: last.runBy, leases, heldTables, lastCycle: last.waits };
}

/** One sentence for children under one run's lease: whose, until when, and what happens next. */
function leaseLine(lease: LeaseGroup, waits: StatusWaits): string {
  const who = lease.leasedBy ?? 'a run of an earlier version';
  const head = `${lease.children} children leased to ${who} until ${lease.until}`;
  if (waits.running === true && lease.leasedBy !== null && lease.leasedBy === waits.runBy) return `${head}: that run is running now and sending them`;
  return `${head}: that run has ended (only the run holding the run lock sends); the next cycle takes them over at once (a child whose document changed since waits until the ended run's unanswered POST can no longer arrive: 4 x api.timeoutMs after it)`;
}

/**
 * `status`'s sentences on why children wait: leases (to a live run or an ended one), tables
 * cycles hold for, and the last cycle's own reasons (a guard, the send window, the breaker,
 * children the API did not take). Empty when nothing waits. Names runs, tables and config keys,
 * never a child.
 */
export function statusWaitLines(waits: StatusWaits): string[] {
  const lines: string[] = [];
  if (waits.running === true) lines.push(`a cycle is running now: ${waits.runBy ?? 'a run'} holds the run lock`);
  for (const lease of waits.leases) lines.push(leaseLine(lease, waits));
  for (const held of waits.heldTables) {
    lines.push(`cycles have held for the load of ${held.table} for ${held.minutes} minutes: nothing is marked until it settles, or capture.reloadGraceMinutes passes`);
  }
  for (const wait of waits.lastCycle?.waits ?? []) lines.push(`the last cycle (${waits.lastCycle?.at}): ${wait}`);
  return lines;
}
