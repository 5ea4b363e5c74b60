import { expect } from 'chai';
import pino from 'pino';
import { Writable } from 'node:stream';
import { Agent } from 'undici';
import { servedOpenWrites } from '../../src/cli/served-open-writes.js';
import type { AppContext } from '../../src/cli/app-context.js';
import { ServiceAlerts } from '../../src/serve/service-alerts.js';
import { ServiceMetrics } from '../../src/serve/service-metrics.js';
import { ServiceHealth } from '../../src/serve/service-health.js';
import { emptyStats } from '../../src/pipeline/cycle-stats.js';
import type { OpenWrites } from '../../src/source/source.js';

/** A served app whose capture reports `reports` in turn, and the log lines it wrote. */
function served(limitMinutes: number, reports: OpenWrites[]) {
  const logged: Array<Record<string, unknown>> = [];
  const stream = new Writable({ write: (chunk: Buffer, _e, done) => void (logged.push(JSON.parse(chunk.toString()) as Record<string, unknown>), done()) });
  const logger = pino({ level: 'info' }, stream);
  const asked: number[] = [];
  const app = {
    config: { alerts: { maxOpenTransactionMinutes: limitMinutes } },
    logger,
    source: { capture: { openWrites: async (olderThan: number) => (asked.push(olderThan), reports.shift() as OpenWrites) } },
  } as unknown as AppContext;
  const printed: string[] = [];
  const metrics = new ServiceMetrics(() => true);
  const alerts = new ServiceAlerts({ logger, print: (l) => printed.push(l), webhookFormat: 'text', dispatcher: new Agent(), onChange: metrics.alert });
  const gauge = async (name: string): Promise<string | undefined> => new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec((await metrics.exposition()).body)?.[1];
  const health = new ServiceHealth(30 * 60_000);
  health.record({ ok: true, at: 1_000, stats: emptyStats() });
  return { app, logged, printed, asked, gauge, health, watch: servedOpenWrites({ metrics, alerts, health }) };
}

const load = { database: 'ssd', pid: 1234, application: 'SSIS load', seconds: 73 * 60, prepared: false };
const quick = { database: 'ssd', pid: 77, application: 'psql', seconds: 5, prepared: false };

describe('serve: open writing transactions after each cycle', () => {
  it('gauge of the oldest, a warning per transaction over the limit (pid, application, minutes), one open-write alert episode resolved at commit', async () => {
    const s = served(60, [
      { visible: true, grant: null, unseen: 0, transactions: [load, quick] },
      { visible: true, grant: null, unseen: 0, transactions: [load] },
      { visible: true, grant: null, unseen: 0, transactions: [] },
    ]);
    await s.watch(s.app);
    expect(s.asked, 'every writing transaction read, for the gauge').to.deep.equal([0]);
    expect(await s.gauge('ssd_delta_open_write_transaction_seconds')).to.equal(String(73 * 60));
    const warnings = s.logged.filter((l) => l.level === 40);
    expect(warnings.map((w) => [w.sessionPid, w.application, w.minutes, w.database])).to.deep.equal([[1234, 'SSIS load', 73, 'ssd']]);
    expect(s.printed).to.have.length(1);
    expect(s.printed[0]).to.include('ALERT open-write: capture cannot see writes not yet committed: a transaction in database ssd open longer than alerts.maxOpenTransactionMinutes (60), the oldest 73 min (pid 1234, application "SSIS load"); their changes are read once they commit');
    expect(await s.gauge('ssd_delta_alert_active\\{alert="open-write"\\}')).to.equal('1');
    expect(s.health.readiness(2_000)).to.deep.include({ ready: true });
    expect(s.health.readiness(2_000).reason, '/readyz says it, still ready').to.match(/0 errors; capture cannot see writes not yet committed: a transaction in database ssd open longer than/);
    await s.watch(s.app);
    expect(s.printed, 'one episode').to.have.length(1);
    await s.watch(s.app);
    expect(s.printed[1]).to.include('RESOLVED open-write');
    expect(s.health.readiness(2_000).reason).to.match(/0 errors$/);
    expect(await s.gauge('ssd_delta_open_write_transaction_seconds')).to.equal('0');
  });

  it('a login that cannot see other sessions is warned once, with the GRANT; 0 turns it off without asking the database', async () => {
    const blind = { visible: false, grant: 'GRANT pg_read_all_stats TO ssd_delta', unseen: 1, transactions: [] };
    const s = served(60, [blind, blind]);
    await s.watch(s.app);
    await s.watch(s.app);
    const warnings = s.logged.filter((l) => l.level === 40).map((l) => String(l.msg));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/cannot see other sessions' transactions.*GRANT pg_read_all_stats TO ssd_delta$/);
    const off = served(0, []);
    await off.watch(off.app);
    expect(off.asked).to.deep.equal([]);
    expect(await off.gauge('ssd_delta_open_write_transaction_seconds')).to.equal('0');
  });
});
