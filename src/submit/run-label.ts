import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * How a sending run names itself on the leases it takes (staging.leased_by, at most 200
 * characters): a short id of its own, the host and the process id, so `status` and the log can
 * say which run holds a child and an operator can find that process. No personal data.
 */
export function runLabel(id: string = randomUUID(), host: string = hostname(), pid: number = process.pid): string {
  return processLabel(`run ${id.slice(0, 8)}`, host, pid);
}

/** `what` (a run, `reconcile --mark`) on this host and process, as `status` names the run lock's holder. */
export function processLabel(what: string, host: string = hostname(), pid: number = process.pid): string {
  return `${what} on ${host} pid ${pid}`.slice(0, 200);
}
