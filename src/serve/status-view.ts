import { maskUrlCredentials } from '../config/shown-value.js';
import { describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Source } from '../source/source.js';
import type { ServiceHealth } from './service-health.js';
import type { Problem, StatusView } from './status-page.js';

/** A week of hours on the chart. */
const CHART_HOURS = 7 * 24;
/** Error reasons listed. */
const REASONS = 20;

/** What the status page needs besides the database. */
export interface StatusContext {
  readonly source: Source;
  readonly health: ServiceHealth;
  readonly logger: Logger;
  readonly version: string;
  readonly schedule: string;
  readonly maxPendingAgeMinutes: number;
}

/** The problems the page lists, each with what to do; none when all is well. */
function problemsOf(view: Omit<StatusView, 'problems' | 'attention'>, last: ServiceHealth['lastStats'], maxPendingAgeMinutes: number): Problem[] {
  const problems: Problem[] = [];
  const ready = view.readiness;
  if (!ready.ready) {
    const todo = /the run lock was lost/.test(ready.reason)
      ? 'Nothing, once: the next cycle takes the lock again and sends the rest. If it comes back, the database session holding the lock keeps being ended: ask the DBA about kill jobs or idle-session limits, and check the network between this machine and the database.'
      : /no cycle has finished yet/.test(ready.reason)
        ? 'Wait for the first cycle: a first baseline of a large LA can take minutes. The log shows its progress.'
        : /has succeeded for/.test(ready.reason)
          ? 'Cycles are not finishing. Look in the log for a cycle that started and did not end (a database or API call that hangs); restart the service if it is stuck.'
          : 'The next cycle tries again by itself. The log at error level has the detail; `ssd-delta status` and `ssd-delta check-api` help find which part is wrong.';
    problems.push({ what: `Not ready: ${ready.reason}`, todo });
  }
  if (last?.stopped) problems.push({ what: `Sending stopped: ${last.stopped}`, todo: 'The API did not take several batches in a row. Check it with `ssd-delta check-api` (token, proxy, the API\'s own status). The children stay pending and the next cycle tries again.' });
  if (last && last.held.length > 0) problems.push({ what: `Marking waits for the load of ${last.held.join(', ')}`, todo: 'Those tables were emptied or shrank, as during a reload. Marking goes on by itself once the load ends (or after capture.reloadGraceMinutes); if rows were removed on purpose, the mass-delete guard says what to set.' });
  const total = (status: string): number => (view.counts ?? []).filter((c) => c.submissionStatus === status).reduce((n, c) => n + c.count, 0);
  if (total('error') > 0) problems.push({ what: `${total('error')} children refused by the API`, todo: 'The reasons are listed below. Fix the data in the SSD (the next change sends the child again), or after a fix on the API\'s side send them again with `ssd-delta resend --status error`.' });
  if (total('invalid') > 0) problems.push({ what: `${total('invalid')} documents fail the DfE schema and are not sent`, todo: '`ssd-delta validate` lists the rules broken and the fields, by child. Fix the data in the SSD; the next cycle rebuilds them.' });
  if (view.pendingAgeSeconds !== null && view.pendingAgeSeconds > maxPendingAgeMinutes * 60) {
    problems.push({ what: `A child has waited ${Math.round(view.pendingAgeSeconds / 60)} minutes to be sent (alerts.maxPendingAgeMinutes is ${maxPendingAgeMinutes})`, todo: 'See the last cycles below: is the API not taking batches, or are cycles failing? `ssd-delta status` shows what is leased and to whom.' });
  }
  return problems;
}

/**
 * Gathers the status page's view: the service's own record of its cycles, and from the database
 * the counts, the longest wait, a week of the attempt log and the error reasons. A database that
 * cannot be read gives a page that says so (the service is still there to say it).
 */
export async function statusView(context: StatusContext, now: Date): Promise<Omit<StatusView, 'attention'>> {
  const { source, health } = context;
  let read: Pick<StatusView, 'counts' | 'pendingAgeSeconds' | 'hours' | 'errorReasons'>;
  try {
    const [counts, pendingAgeSeconds, hours, errorReasons] = [
      await source.staging.statusCounts(),
      await source.staging.pendingAge(),
      await source.submissions.answersByHour(CHART_HOURS),
      await source.staging.errorReasons(REASONS),
    ];
    read = { counts, pendingAgeSeconds, hours, errorReasons };
  } catch (error) {
    context.logger.error({ code: (error as { code?: string }).code }, `status page: the database could not be read: ${maskUrlCredentials(describeError(error))}`);
    read = { counts: null, pendingAgeSeconds: null, hours: [], errorReasons: [] };
  }
  const base = {
    generatedAt: now, version: context.version, database: source.description, schedule: context.schedule,
    readiness: health.readiness(now.getTime()), cycles: health.recent, chartHours: CHART_HOURS, ...read,
  };
  return { ...base, problems: problemsOf(base, health.lastStats, context.maxPendingAgeMinutes) };
}

/** Children named on the page shown with serve.token. */
const ATTENTION = 50;

/**
 * The children the page names to a request carrying serve.token; null (and the page says so)
 * when the database cannot be read.
 */
export async function attentionView(context: Pick<StatusContext, 'source' | 'logger'>): Promise<StatusView['attention']> {
  try {
    return await context.source.staging.attentionChildren(ATTENTION);
  } catch (error) {
    context.logger.error({ code: (error as { code?: string }).code }, `status page: the database could not be read: ${maskUrlCredentials(describeError(error))}`);
    return null;
  }
}

/**
 * `make`, run at most once per `ttlMs` and shared by the requests that come meanwhile:
 * wallboards and reloads do not each read the database (the page says when it was made).
 */
export function cachedFor<T>(ttlMs: number, make: (now: Date) => Promise<T>): (now: Date) => Promise<T> {
  let last: { readonly at: number; readonly value: Promise<T> } | undefined;
  return (now) => {
    if (last && now.getTime() - last.at < ttlMs) return last.value;
    const value = make(now);
    last = { at: now.getTime(), value };
    return value;
  };
}
