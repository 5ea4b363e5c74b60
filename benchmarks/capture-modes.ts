/**
 * `npm run bench:capture [-- --children N --database-url URL]`
 *
 * What a nightly truncate-and-reload of unchanged SSD data costs in each capture mode. Seeds a
 * synthetic LA twice (once per mode), runs a first cycle, then reloads every SSD table with the
 * same rows (as an LA's SSD script does every night) and times the next cycle; then changes 1% of
 * the disability rows in a second reload and times the cycle after it. In fingerprint mode it also
 * times the poll of a cycle with nothing loaded. The reload itself is timed apart (it is the LA's
 * load, not ssd-delta's work). Never run by npm test.
 */
import { startSimulatedPoster } from '../src/cli/simulated-poster.js';
import { fixedClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createDocumentHasher } from '../src/payload/canonical-hash.js';
import type { CycleStats } from '../src/pipeline/cycle-stats.js';
import { DEFAULT_GUARDS } from '../src/pipeline/delete-guard.js';
import { totalMs } from '../src/cli/cycle-table.js';
import { runCycle } from '../src/pipeline/run-cycle.js';
import { seedSsd } from '../src/simulate/seed-ssd.js';
import { SSD_TABLE_NAMES } from '../src/simulate/ssd-table-keys.js';
import { postgresSource } from '../src/source/postgres/postgres-source.js';
import type { Source } from '../src/source/source.js';
import type { SsdRow } from '../src/source/ssd-row.js';
import { STREAMS } from '../test/helpers/test-sources.js';
import { openBenchDatabase } from './bench-database.js';
import { ssdWriterOf } from '../src/source/ssd-writer.js';
import { benchArgs } from './bench-args.js';

const USAGE = 'npm run bench:capture -- [--children N] [--database-url URL]\n\nA nightly reload of the SSD in each capture mode (direct, fingerprint). See benchmarks/README.md.';

const { values } = benchArgs(USAGE, { children: { type: 'string', default: '20000' }, 'database-url': { type: 'string' } });
const children = Number(values.children);
const today = '2026-06-15';

/** Truncates and reloads every SSD table; `change` may alter the rows of one table first. Returns ms. */
async function reload(source: Source, change?: { table: string; edit: (rows: SsdRow[]) => SsdRow[] }): Promise<number> {
  const t = performance.now();
  for (const table of SSD_TABLE_NAMES) {
    let rows = await ssdWriterOf(source).sampleRows(table, 10_000_000, 1);
    if (change?.table === table) rows = change.edit(rows);
    await ssdWriterOf(source).truncate(table);
    if (rows.length > 0) await ssdWriterOf(source).insertRows(table, rows);
  }
  return performance.now() - t;
}

const line = (label: string, stats: CycleStats, extra = ''): string =>
  `| ${label} | ${stats.changesRead} | ${stats.touched} | ${stats.updated} | ${stats.sent} | ${(stats.ms.capture / 1000).toFixed(2)} | ${(totalMs(stats) / 1000).toFixed(2)} |${extra}`;

const rows: string[] = [];
let label = '';
for (const mode of ['direct', 'fingerprint'] as const) {
  const opened = await openBenchDatabase(values['database-url'], `bench_${mode}`);
  label = opened.label;
  const source = postgresSource(opened.db, opened.placement, STREAMS, undefined, mode);
  const sim = await startSimulatedPoster(60_000);
  try {
    await source.schema.migrate();
    await seedSsd(ssdWriterOf(source), { children, seed: 1, today });
    await source.capture.install(STREAMS);
    const deps = {
      source, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock(today), logger: silentLogger(),
      chunkSize: 1000, poster: sim.poster, submit: { batchSize: 100, concurrency: 4, leaseSeconds: 300 },
      // The load has finished when the cycle runs: the default (capture.waitForSettledLoads) would
      // spend one more poll seeing the tables settle, then do exactly this work.
      guards: { ...DEFAULT_GUARDS, waitForSettledLoads: false },
    };
    rows.push(line(`${mode}: first cycle`, await runCycle(deps)));
    if (mode === 'fingerprint') rows.push(line(`${mode}: nothing loaded (poll only)`, await runCycle(deps)));
    const same = await reload(source);
    rows.push(line(`${mode}: after a reload of the same rows`, await runCycle(deps), ` reload ${(same / 1000).toFixed(1)} s`));
    const changed = await reload(source, {
      table: 'ssd_disability',
      edit: (all) => all.map((r, i) => (i % 100 === 0 ? { ...r, disa_disability_code: r.disa_disability_code === 'HEAR' ? 'VIS' : 'HEAR' } : r)),
    });
    rows.push(line(`${mode}: after a reload with 1% of disability rows changed`, await runCycle(deps), ` reload ${(changed / 1000).toFixed(1)} s`));
  } finally {
    await sim.api.close();
    await source.close();
    await opened.drop();
  }
}
console.log(`ssd-delta capture modes: ${label}, ${children} children, node ${process.version}`);
console.log('| cycle | changes read | touched | updated | sent | capture s | cycle s |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
