import { maskUrlCredentials } from '../config/shown-value.js';
import { describeError } from '../core/errors.js';
import type { ServiceAlerts } from '../serve/service-alerts.js';
import type { ServiceHealth } from '../serve/service-health.js';
import type { ServiceMetrics } from '../serve/service-metrics.js';
import type { OpenWrite } from '../source/source.js';
import type { AppContext } from './app-context.js';
import { applicationOf, minutes } from './open-writes-report.js';

/** The `open-write` alert's message: how many, and the oldest (pid, application, age: nothing else). */
export function openWriteAlert(late: readonly OpenWrite[], limitMinutes: number): string | null {
  const [oldest] = late;
  if (!oldest) return null;
  const count = late.length === 1 ? 'a transaction' : `${late.length} transactions`;
  const who = oldest.prepared ? `prepared transaction ${JSON.stringify(String(oldest.pid))}` : `pid ${oldest.pid}, ${applicationOf(oldest)}`;
  return `capture cannot see writes not yet committed: ${count} in database ${oldest.database} open longer than alerts.maxOpenTransactionMinutes (${limitMinutes}), the oldest ${minutes(oldest.seconds)} min (${who}); their changes are read once they commit`;
}

/**
 * `serve`, after each cycle: reads the writing transactions open in the SSD's database; sets
 * `ssd_delta_open_write_transaction_seconds` to the oldest one's age (0: none); logs a warning
 * naming each open longer than `alerts.maxOpenTransactionMinutes` (pid, application, minutes)
 * and judges the `open-write` alert (which /readyz also says, still ready). A login that cannot
 * see other sessions' transactions is warned of once (with the GRANT), not every cycle. Never
 * throws: a failed read is a warning.
 */
export function servedOpenWrites(deps: { readonly metrics: ServiceMetrics; readonly alerts: ServiceAlerts; readonly health?: ServiceHealth }): (app: AppContext) => Promise<void> {
  let toldBlind = false;
  return async (app) => {
    const limit = app.config.alerts.maxOpenTransactionMinutes;
    if (limit === 0) {
      deps.metrics.openWrites(0);
      deps.alerts.judge(Date.now(), { 'open-write': null });
      deps.health?.note('open-write', null);
      return;
    }
    try {
      // Every writing transaction, for the gauge; those over the limit for the log and the alert.
      const report = await app.source.capture.openWrites(0);
      deps.metrics.openWrites(report.transactions.reduce((max, t) => Math.max(max, t.seconds), 0));
      const late = report.transactions.filter((t) => t.seconds >= limit * 60);
      for (const t of late) app.logger.warn({ database: t.database, sessionPid: t.pid, application: t.application, minutes: minutes(t.seconds), prepared: t.prepared }, 'capture cannot see writes not yet committed: a transaction open longer than alerts.maxOpenTransactionMinutes; its changes are read once it commits');
      if (!report.visible && !toldBlind) app.logger.warn({ unseen: report.unseen }, `open transactions: this login cannot see other sessions' transactions, so it cannot say which hold changes back; to see them: ${report.grant ?? ''}`);
      toldBlind = !report.visible;
      const alert = openWriteAlert(late, limit);
      deps.alerts.judge(Date.now(), { 'open-write': alert });
      // /readyz says it too, without turning not ready: a load is the LA's, not a fault of the service.
      deps.health?.note('open-write', alert);
    } catch (error) {
      app.logger.warn({ code: (error as { code?: string }).code }, `metrics: open transactions could not be read: ${maskUrlCredentials(describeError(error))}`);
    }
  };
}
