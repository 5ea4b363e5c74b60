/**
 * What `npm run bench` measures and writes: one repetition's figures (MeasuredRun, printed by
 * la-measure.ts), their medians and spread over repetitions, the results file
 * (benchmarks/results/*.json, in the shape the issue fixed so runs compare by script), a
 * markdown table and an SVG chart of cycle time against the share of children touched.
 */

/** One cycle's figures. */
export interface CycleFigures {
  /** Marking: the cycle's wall time less its sending. */
  readonly seconds: number;
  /** Sending (the simulated API answering at once). */
  readonly sendSeconds: number;
  readonly touched: number;
  readonly sent: number;
  /** Statements sent to the database by the cycle (marking and sending). */
  readonly statements: number;
  /** Milliseconds per stage (cycle-stats.ts). */
  readonly stages: Readonly<Record<string, number>>;
}

/** One repetition on one LA and one database. */
export interface MeasuredRun {
  readonly database: 'pglite' | 'postgres';
  readonly children: number;
  readonly repetition: number;
  readonly initialLoad: CycleFigures & { readonly childrenPerSecond: number; readonly peakRssMb: number };
  readonly deltas: ReadonlyArray<{ readonly touchedShare: number; readonly scale: number; readonly delta: CycleFigures; readonly full: CycleFigures }>;
  readonly hash: { readonly pipelineDocumentsPerSecond: number; readonly bareDocumentsPerSecond: number; readonly documents: number };
  readonly submit: ReadonlyArray<{ readonly concurrency: number; readonly children: number; readonly childrenPerSecond: number; readonly bound: number; readonly shareOfBound: number }>;
}

/** Median and spread of one figure over repetitions. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median: round(median), min: round(sorted[0]!), max: round(sorted.at(-1)!) };
}

function round(n: number): number {
  return Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 1000) / 1000;
}

/** The results of one LA size on one database, over its repetitions (medians; `spread` beside). */
export function summariseRuns(runs: readonly MeasuredRun[], seeded: { rows: number; seconds: number }): Record<string, unknown> {
  const first = runs[0]!;
  const of = (f: (r: MeasuredRun) => number): Spread => spread(runs.map(f));
  const initial = { seconds: of((r) => r.initialLoad.seconds), childrenPerSecond: of((r) => r.initialLoad.childrenPerSecond), peakRssMb: of((r) => r.initialLoad.peakRssMb), sendSeconds: of((r) => r.initialLoad.sendSeconds) };
  const deltas = first.deltas.map((d, i) => {
    const seconds = of((r) => r.deltas[i]!.delta.seconds);
    const full = of((r) => r.deltas[i]!.full.seconds);
    const ratio = of((r) => r.deltas[i]!.full.seconds / r.deltas[i]!.delta.seconds);
    const touched = of((r) => r.deltas[i]!.delta.touched).median;
    return {
      // The share the cycle really touched (the simulator's rounds touch a floor of children
      // whatever their scale), and the share asked for.
      touchedShare: round(touched / first.children),
      requestedShare: d.touchedShare,
      touched,
      seconds: seconds.median, fullRecomputeSeconds: full.median, ratio: round(full.median / seconds.median),
      statements: d.delta.statements,
      stagesMs: medianStages(runs.map((r) => r.deltas[i]!.delta.stages)),
      spread: { seconds, fullRecomputeSeconds: full, ratio },
    };
  });
  const hashVsBare = of((r) => r.hash.pipelineDocumentsPerSecond / r.hash.bareDocumentsPerSecond);
  return {
    database: first.database,
    children: first.children,
    repetitions: runs.length,
    ssdRows: seeded.rows,
    seedSeconds: round(seeded.seconds),
    initialLoad: {
      seconds: initial.seconds.median, childrenPerSecond: initial.childrenPerSecond.median, peakRssMb: initial.peakRssMb.median,
      sendSeconds: initial.sendSeconds.median, stagesMs: medianStages(runs.map((r) => r.initialLoad.stages)), spread: initial,
    },
    deltas,
    hashVsBare: hashVsBare.median,
    hash: { pipelineDocumentsPerSecond: of((r) => r.hash.pipelineDocumentsPerSecond).median, bareDocumentsPerSecond: of((r) => r.hash.bareDocumentsPerSecond).median, spread: hashVsBare },
    submit: first.submit.map((s, i) => ({
      concurrency: s.concurrency, shareOfBound: of((r) => r.submit[i]!.shareOfBound).median,
      childrenPerSecond: of((r) => r.submit[i]!.childrenPerSecond).median, bound: s.bound, spread: of((r) => r.submit[i]!.shareOfBound),
    })),
    // Repetition 1's first cycle and its smallest delta (the counts do not vary between repetitions).
    statementsPerCycle: { first: first.initialLoad.statements, delta: first.deltas[0]?.delta.statements ?? null },
    repetitionsMeasured: runs,
  };
}

function medianStages(all: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const stage of Object.keys(all[0] ?? {})) out[stage] = Math.round(spread(all.map((s) => s[stage] ?? 0)).median);
  return out;
}

type Summary = ReturnType<typeof summariseRuns> & {
  database: string; children: number; initialLoad: { seconds: number; childrenPerSecond: number; peakRssMb: number };
  deltas: Array<{ touchedShare: number; requestedShare: number; touched: number; seconds: number; fullRecomputeSeconds: number; ratio: number; statements: number }>;
  hashVsBare: number; submit: Array<{ concurrency: number; shareOfBound: number }>; statementsPerCycle: { first: number; delta: number | null };
};

/** A markdown table of the runs (one line per LA size and database; deltas in the order asked, with the share they touched). */
export function markdownTable(runs: readonly Record<string, unknown>[]): string {
  const first = runs[0] as Summary | undefined;
  const deltaHeads = (first?.deltas ?? []).map((d, i) => `delta ${i + 1} s (touched) | ${i === 0 ? 'full s | ' : ''}ratio`).join(' | ');
  const sendHead = (first?.submit ?? []).map((s) => s.concurrency).join('/');
  const lines = [
    `| database | children | initial load s | children/s | peak RSS MB | ${deltaHeads} | hash / bare | send share of bound (c=${sendHead}) | statements first / delta |`,
    `|${' --- |'.repeat(5 + (first?.deltas.length ?? 0) * 2 + 1 + 3)}`,
  ];
  for (const raw of runs) {
    const r = raw as Summary;
    const cells = r.deltas.map((x, i) => `${x.seconds.toFixed(2)} (${x.touched}, ${(x.touchedShare * 100).toFixed(1)}%) | ${i === 0 ? `${x.fullRecomputeSeconds.toFixed(1)} | ` : ''}${Math.round(x.ratio)}x`);
    lines.push(`| ${r.database} | ${r.children.toLocaleString('en-GB')} | ${r.initialLoad.seconds.toFixed(1)} | ${Math.round(r.initialLoad.childrenPerSecond)} | ${r.initialLoad.peakRssMb} | ${cells.join(' | ')} | ${Math.round(r.hashVsBare * 100)}% | ${r.submit.map((s) => `${Math.round(s.shareOfBound * 100)}%`).join(' / ')} | ${r.statementsPerCycle.first} / ${r.statementsPerCycle.delta ?? ''} |`);
  }
  return lines.join('\n');
}

/** An SVG chart: marking time of a cycle (log) against the share of children it touched (log), one line per LA size and database, the full recompute as a dashed line. */
export function cycleChart(runs: readonly Record<string, unknown>[]): string {
  const W = 720, H = 420, left = 70, right = 200, top = 30, bottom = 50;
  const points = runs.flatMap((raw) => (raw as Summary).deltas.flatMap((d) => [d.seconds, d.fullRecomputeSeconds]));
  const minY = Math.max(1e-3, Math.min(...points) / 1.5), maxY = Math.max(...points) * 1.5;
  // Placed by the share each cycle really touched (the simulator's rounds land near the asked share, not on it).
  const touchedShare = (_r: Summary, d: Summary['deltas'][number]): number => Math.max(d.touchedShare, 1e-6);
  const shares = runs.flatMap((raw) => (raw as Summary).deltas.flatMap((d) => [d.requestedShare, touchedShare(raw as Summary, d)]));
  const minX = Math.min(...shares) / 1.5, maxX = Math.max(...shares) * 1.5;
  const x = (v: number): number => left + ((Math.log10(v) - Math.log10(minX)) / (Math.log10(maxX) - Math.log10(minX))) * (W - left - right);
  const y = (v: number): number => H - bottom - ((Math.log10(v) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY))) * (H - top - bottom);
  const colours = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#28a197'];
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`, `<rect width="${W}" height="${H}" fill="white"/>`];
  out.push(`<text x="${left}" y="18" font-size="14">ssd-delta cycle time (marking) against children touched; dashed: full recompute</text>`);
  for (let e = Math.floor(Math.log10(minY)); e <= Math.ceil(Math.log10(maxY)); e += 1) {
    const v = 10 ** e;
    if (v < minY || v > maxY) continue;
    out.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${left - 8}" y="${y(v) + 4}" text-anchor="end">${v >= 1 ? v : v.toFixed(Math.abs(e))} s</text>`);
  }
  for (const share of [...new Set(runs.flatMap((raw) => (raw as Summary).deltas.map((d) => d.requestedShare)))]) out.push(`<line x1="${x(share)}" x2="${x(share)}" y1="${top}" y2="${H - bottom}" stroke="#eee"/><text x="${x(share)}" y="${H - bottom + 18}" text-anchor="middle">${share * 100}%</text>`);
  out.push(`<text x="${(left + W - right) / 2}" y="${H - 12}" text-anchor="middle">children touched (share of the LA)</text>`);
  runs.forEach((raw, i) => {
    const r = raw as Summary;
    const colour = colours[i % colours.length]!;
    const line = (pick: (d: Summary['deltas'][number]) => number, dashed: boolean): string =>
      `<polyline fill="none" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="6 4"' : ''} points="${r.deltas.map((d) => `${x(touchedShare(r, d)).toFixed(1)},${y(pick(d)).toFixed(1)}`).join(' ')}"/>`;
    out.push(line((d) => d.seconds, false), line((d) => d.fullRecomputeSeconds, true));
    for (const d of r.deltas) out.push(`<circle cx="${x(touchedShare(r, d)).toFixed(1)}" cy="${y(d.seconds).toFixed(1)}" r="3" fill="${colour}"/>`);
    out.push(`<text x="${W - right + 12}" y="${top + 16 + i * 18}" fill="${colour}">${r.database}, ${r.children.toLocaleString('en-GB')} children</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
