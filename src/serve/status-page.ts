import type { AttentionChild, HourOfAnswers } from '../source/source.js';
import type { Readiness, RecentCycle } from './service-health.js';

/** Everything the status page shows; gathered by status-view.ts, rendered here. */
export interface StatusView {
  readonly generatedAt: Date;
  readonly version: string;
  /** Where the data lives, without secrets. */
  readonly database: string;
  readonly schedule: string;
  readonly readiness: Readiness;
  /** Staging rows by row_state x submission_status; null when the database could not be read. */
  readonly counts: ReadonlyArray<{ readonly rowState: string; readonly submissionStatus: string; readonly count: number }> | null;
  readonly pendingAgeSeconds: number | null;
  /** Last cycles, newest first. */
  readonly cycles: readonly RecentCycle[];
  /** The attempt log per hour over the chart's span (hours without a POST absent). */
  readonly hours: readonly HourOfAnswers[];
  /** How many hours the chart spans, ending with the hour of `generatedAt`. */
  readonly chartHours: number;
  readonly errorReasons: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  /** What is wrong now and what to do about it. */
  readonly problems: readonly Problem[];
  /**
   * The children to look at, by id: only for a request carrying serve.token (undefined: not
   * shown; null: the database could not be read).
   */
  readonly attention?: readonly AttentionChild[] | null;
}

/** Something an operator should act on, and how. */
export interface Problem {
  readonly what: string;
  readonly todo: string;
}

/** Escapes text for HTML content and attribute values. */
function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STATES = ['pending', 'sending', 'sent', 'error', 'invalid'] as const;
const ROW_STATES = ['new', 'updated', 'unchanged', 'deleted'] as const;

/** The counts table: row_state down, submission_status across, with totals. */
function countsTable(counts: NonNullable<StatusView['counts']>): string {
  const at = (row: string, status: string): number => counts.filter((c) => c.rowState === row && c.submissionStatus === status).reduce((n, c) => n + c.count, 0);
  const total = (status: string): number => counts.filter((c) => c.submissionStatus === status).reduce((n, c) => n + c.count, 0);
  const head = `<tr><th>row state</th>${STATES.map((s) => `<th>${s}</th>`).join('')}</tr>`;
  const rows = ROW_STATES.map((r) => `<tr><th>${r}</th>${STATES.map((s) => `<td data-row="${r}" data-status="${s}">${at(r, s)}</td>`).join('')}</tr>`).join('');
  const totals = `<tr class="total"><th>all</th>${STATES.map((s) => `<td data-total="${s}">${total(s)}</td>`).join('')}</tr>`;
  return `<table id="counts">${head}${rows}${totals}</table>`;
}

/** The hour `YYYY-MM-DDTHH` (UTC) `back` hours before `now`. */
function hourKey(now: Date, back: number): string {
  return new Date(now.getTime() - back * 3_600_000).toISOString().slice(0, 13);
}

/** Bars per hour (accepted children) with failed POSTs as red ticks, as inline SVG. */
function chart(view: StatusView): string {
  const byHour = new Map(view.hours.map((h) => [h.hour, h]));
  const hours = Array.from({ length: view.chartHours }, (_, i) => hourKey(view.generatedAt, view.chartHours - 1 - i));
  const max = Math.max(1, ...hours.map((h) => byHour.get(h)?.accepted ?? 0));
  const maxFailed = Math.max(1, ...hours.map((h) => byHour.get(h)?.failedPosts ?? 0));
  const step = 5;
  const height = 120;
  const width = hours.length * step;
  const bars = hours
    .map((h, i) => {
      const a = byHour.get(h);
      if (!a) return '';
      const accepted = a.accepted === 0 ? '' : `<rect class="accepted" x="${i * step}" y="${height - (a.accepted / max) * height}" width="${step - 1}" height="${(a.accepted / max) * height}"><title>${esc(h)}:00Z ${a.accepted} accepted, ${a.failedPosts} POSTs not taken</title></rect>`;
      const failed = a.failedPosts === 0 ? '' : `<rect class="failed" x="${i * step}" y="${height + 4}" width="${step - 1}" height="${4 + (a.failedPosts / maxFailed) * 16}"><title>${esc(h)}:00Z ${a.failedPosts} POSTs not taken</title></rect>`;
      return accepted + failed;
    })
    .join('');
  // A line and a label at each midnight (UTC).
  const days = hours
    .map((h, i) => (h.endsWith('T00') ? `<line x1="${i * step}" y1="0" x2="${i * step}" y2="${height + 24}" class="day"/><text x="${i * step + 2}" y="${height + 36}">${esc(h.slice(5, 10))}</text>` : ''))
    .join('');
  // The totals of the hours drawn (the query's window may start inside an hour before them).
  const accepted = hours.reduce((n, h) => n + (byHour.get(h)?.accepted ?? 0), 0);
  const failed = hours.reduce((n, h) => n + (byHour.get(h)?.failedPosts ?? 0), 0);
  return `<svg id="chart" role="img" viewBox="0 0 ${width} ${height + 40}" width="${width}" height="${height + 40}" aria-label="children accepted per hour">${days}${bars}</svg>
<p class="legend"><span class="key accepted"></span> children accepted per hour (highest ${max}) <span class="key failed"></span> POSTs the API did not take. Last ${view.chartHours / 24} days: <b id="accepted-total">${accepted}</b> children accepted, <b id="failed-total">${failed}</b> POSTs not taken.</p>`;
}

/** One row of the recent cycles table. */
function cycleRow(c: RecentCycle): string {
  const when = esc(c.at.toISOString().replace('T', ' ').slice(0, 19));
  if (!c.stats) return `<tr class="failed"><td>${when}</td><td>${c.seconds.toFixed(1)}</td><td colspan="6">failed: ${esc(c.ok ? '' : c.reason)}</td></tr>`;
  const s = c.stats;
  const stages = Object.entries(s.ms).filter(([, ms]) => ms >= 1).map(([stage, ms]) => `${stage} ${Math.round(ms)}`).join(', ');
  const note = [c.ok ? '' : `not ready: ${c.reason}`, s.held.length ? `held for ${s.held.join(', ')}` : '', s.stopped ? `breaker: ${s.stopped}` : '', s.lockedOut ? 'skipped: another process was running a cycle' : ''].filter(Boolean).join('; ');
  return `<tr${c.ok ? '' : ' class="failed"'}><td>${when}</td><td>${c.seconds.toFixed(1)}</td><td>${s.changesRead}</td><td>${s.touched}</td><td>${s.new} / ${s.updated} / ${s.deleted} / ${s.invalid}</td><td>${s.sent} / ${s.errors} / ${s.released}</td><td>${esc(stages)}</td><td>${esc(note)}</td></tr>`;
}

/** The children to look at, by id (shown with serve.token only). */
function attentionList(attention: NonNullable<StatusView['attention']> | null): string {
  const body =
    attention === null
      ? '<p>The database could not be read just now (see the log).</p>'
      : attention.length === 0
        ? '<p>No child is refused, invalid or waiting.</p>'
        : `<table id="attention"><tr><th>child id</th><th>status</th><th>since (UTC)</th><th>reason</th></tr>${attention
            .map((c) => `<tr><td>${esc(c.personId)}</td><td>${esc(c.status)}</td><td>${esc(c.since.toISOString().replace('T', ' ').slice(0, 19))}</td><td>${esc(c.reason)}</td></tr>`)
            .join('')}</table>`;
  return `<h2>Children to look at (shown because the request carried serve.token)</h2>
<p>Refused first, then invalid, then the longest waiting; at most 50. <code>ssd-delta history --person &lt;child id&gt;</code> lists the POSTs that carried each.</p>
${body}`;
}

/**
 * The status page, server-rendered HTML with inline SVG and CSS, no script: states, pending age,
 * recent cycles with stage times, a week of the API's answers per hour, error reasons, and what to
 * do about each problem. It shows no personal data: counts and ssd-delta's own reasons; child
 * ids only in the list given as `attention` (a request that carried serve.token).
 */
export function renderStatusPage(view: StatusView): string {
  const ready = view.readiness;
  const age = view.pendingAgeSeconds === null ? 'none waiting' : `${Math.round(view.pendingAgeSeconds)} s`;
  const problems = view.problems.length === 0 ? '<p id="problems" class="ok">Nothing needs doing.</p>' : `<ul id="problems">${view.problems.map((p) => `<li><b>${esc(p.what)}</b><br>${esc(p.todo)}</li>`).join('')}</ul>`;
  const reasons = view.errorReasons.length === 0 ? '<p>No child is in error.</p>' : `<table id="reasons"><tr><th>children</th><th>reason</th></tr>${view.errorReasons.map((r) => `<tr><td>${r.count}</td><td>${esc(r.reason || '(no reason recorded)')}</td></tr>`).join('')}</table>`;
  const cycles = view.cycles.length === 0 ? '<p>No cycle has finished since this service started.</p>' : `<table id="cycles"><tr><th>finished (UTC)</th><th>s</th><th>changes</th><th>touched</th><th>new / updated / deleted / invalid</th><th>sent / refused / not taken</th><th>stage ms</th><th>note</th></tr>${view.cycles.map(cycleRow).join('')}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="30"><title>ssd-delta: ${ready.ready ? 'ready' : 'NOT READY'}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#111;max-width:70em}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}th{background:#f3f3f3}
#cycles td:last-child,#cycles td:nth-last-child(2),#reasons td:last-child,#attention td{text-align:left}
.state{padding:.5em 1em;border-radius:4px;display:inline-block}.ready{background:#dff3df}.notready{background:#fbdcdc}
tr.failed td{background:#fdecec}.ok{color:#256b25}
svg text{font-size:10px;fill:#555}svg .day{stroke:#ddd}svg .accepted{fill:#3a78c3}svg .failed{fill:#c33}
.key{display:inline-block;width:.9em;height:.9em;vertical-align:middle}.key.accepted{background:#3a78c3}.key.failed{background:#c33}
</style></head><body>
<h1>ssd-delta ${esc(view.version)}</h1>
<p id="readiness" class="state ${ready.ready ? 'ready' : 'notready'}">${ready.ready ? 'Ready' : 'Not ready'}: ${esc(ready.reason)}</p>
<p>Database: ${esc(view.database)}. Cycles: <code>${esc(view.schedule)}</code>. Page made ${esc(view.generatedAt.toISOString())}; it reloads every 30 s.</p>
<h2>What needs doing</h2>
${problems}
<h2>Children by state</h2>
${view.counts === null ? '<p id="counts">The database could not be read just now (see the log).</p>' : countsTable(view.counts)}
<p>Longest wait to be sent: <span id="pending-age">${esc(age)}</span>.</p>
<h2>The API's answers, per hour</h2>
${chart(view)}
<h2>Why children are in error</h2>
${reasons}
${view.attention === undefined ? '' : attentionList(view.attention)}
<h2>Last cycles</h2>
${cycles}
<p><a href="/metrics">/metrics</a> · <a href="/readyz">/readyz</a> · <a href="/healthz">/healthz</a> · <a href="/children">/children</a> (this page with the children to look at, by id: asks for serve.token)</p>
</body></html>
`;
}
