import { STAGES, type CycleStats } from '../pipeline/cycle-stats.js';

const COUNT_COLUMNS: ReadonlyArray<[string, (s: CycleStats) => number]> = [
  ['changes', (s) => s.changesRead],
  ['touched', (s) => s.touched],
  ['due', (s) => s.due],
  ['new', (s) => s.new],
  ['updated', (s) => s.updated],
  ['unchanged', (s) => s.unchanged],
  ['deleted', (s) => s.deleted],
  ['invalid', (s) => s.invalid],
  ['sent', (s) => s.sent],
  ['errors', (s) => s.errors],
];

/** Total wall time of a cycle's stages, in ms. */
export function totalMs(stats: CycleStats): number {
  return STAGES.reduce((sum, stage) => sum + stats.ms[stage], 0);
}

/**
 * A plain-text table, one line per cycle: the counts, then each stage's time in ms. Plain
 * text (no colours, no box drawing) so it pastes into an email or a ticket unchanged.
 */
export function formatCycleTable(cycles: ReadonlyArray<{ label: string; stats: CycleStats }>): string {
  const header = ['cycle', ...COUNT_COLUMNS.map(([name]) => name), '|', ...STAGES.map((s) => `${s} ms`), 'total ms'];
  const rows = cycles.map(({ label, stats }) => [
    label,
    ...COUNT_COLUMNS.map(([, get]) => String(get(stats))),
    '|',
    ...STAGES.map((stage) => String(Math.round(stats.ms[stage]))),
    String(Math.round(totalMs(stats))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
