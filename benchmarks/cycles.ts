/**
 * `npm run bench:cycles [-- --children N --rounds R --database-url URL --latency-ms MS --statements]`
 *
 * Seeds a synthetic LA, then times a first (baseline) cycle, delta cycles after rounds of
 * simulated changes, and two cycles moved by time alone (the next day, the next 1 April),
 * against the built-in simulated API over loopback. With `--statements`, the first cycle's
 * statements by SQL file, with their count and time (benchmarks/statement-meter.ts). Never run by npm test.
 * On a server URL it works in a schema of its own and drops it afterwards.
 */
import { startSimulatedPoster } from '../src/cli/simulated-poster.js';
import { formatCycleTable, totalMs } from '../src/cli/cycle-table.js';
import { fixedClock } from '../src/core/clock.js';
import { addDays } from '../src/core/iso-date.js';
import { silentLogger } from '../src/core/logger.js';
import { createDocumentHasher } from '../src/payload/canonical-hash.js';
import type { CycleStats } from '../src/pipeline/cycle-stats.js';
import { runCycle } from '../src/pipeline/run-cycle.js';
import { simulateChanges } from '../src/simulate/change-simulator.js';
import { seedSsd } from '../src/simulate/seed-ssd.js';
import { postgresSource } from '../src/source/postgres/postgres-source.js';
import { STREAMS } from '../test/helpers/test-sources.js';
import { openBenchDatabase } from './bench-database.js';
import { meterStatements } from './statement-meter.js';
import { ssdWriterOf } from '../src/source/ssd-writer.js';
import { benchArgs } from './bench-args.js';

const USAGE = 'npm run bench:cycles -- [--children N] [--rounds R] [--scale X] [--database-url URL] [--latency-ms MS] [--concurrency C] [--chunk-size K] [--statements]\n\nOne LA\'s first cycle, R delta cycles, the next day and the next 1 April, stage by stage, on PGlite in memory or a Postgres server (in a schema of its own, dropped afterwards). --statements lists the first cycle\'s statements with their count and time. See benchmarks/README.md.';

const { values } = benchArgs(USAGE, {
  children: { type: 'string', default: '20000' },
  rounds: { type: 'string', default: '2' },
  scale: { type: 'string', default: '1' },
  'database-url': { type: 'string' },
  'latency-ms': { type: 'string', default: '0' },
  concurrency: { type: 'string', default: '4' },
  'chunk-size': { type: 'string', default: '1000' },
  statements: { type: 'boolean', default: false },
});
const children = Number(values.children);
const today = '2026-06-15';

const { db: raw, label, placement, drop } = await openBenchDatabase(values['database-url'], 'bench');
const meter = meterStatements(raw);
const db = meter.db;
const source = postgresSource(db, placement, STREAMS);
const sim = await startSimulatedPoster(60_000, { latencyMs: Number(values['latency-ms']) });
try {
  await source.schema.migrate();
  let t = performance.now();
  const seeded = await seedSsd(ssdWriterOf(source), { children, seed: 1, today });
  const seedMs = performance.now() - t;
  await source.capture.install(STREAMS);
  const deps = {
    source, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock(today), logger: silentLogger(),
    chunkSize: Number(values['chunk-size']), poster: sim.poster,
    submit: { batchSize: 100, concurrency: Number(values.concurrency), leaseSeconds: 300 },
  };
  const cycles: Array<{ label: string; stats: CycleStats }> = [];
  /** With --statements: the statements the cycle just run sent, slowest first (ms, count, SQL file or first words). */
  const listStatements = (label: string): void => {
    const seen = [...meter.take()].sort((a, b) => b[1].ms - a[1].ms);
    if (!values.statements) return;
    console.log(`${label}: ${seen.reduce((n, [, v]) => n + v.count, 0)} statements`);
    for (const [k, v] of seen.slice(0, 12)) console.log(String(Math.round(v.ms)).padStart(7), String(v.count).padStart(6), k);
  };
  meter.take();
  const wall = performance.now();
  cycles.push({ label: 'first', stats: await runCycle(deps) });
  const firstWallMs = performance.now() - wall;
  listStatements('first');
  for (let round = 1; round <= Number(values.rounds); round += 1) {
    t = performance.now();
    await simulateChanges(ssdWriterOf(source), { seed: 1, round, today, scale: Number(values.scale) });
    meter.take();
    cycles.push({ label: `round ${round}`, stats: await runCycle(deps) });
    listStatements(`round ${round}`);
  }
  // Time alone: the next day (future-dated items entering), and the next 1 April (the window
  // start moves a year: items and children leave, a census date has come in), with no changes.
  const nextDay = addDays(today, 1);
  cycles.push({ label: 'next day', stats: await runCycle({ ...deps, clock: fixedClock(nextDay) }) });
  const april = `${Number(today.slice(0, 4)) + (today.slice(5) >= '04-01' ? 1 : 0)}-04-01`;
  cycles.push({ label: '1 April', stats: await runCycle({ ...deps, clock: fixedClock(april) }) });
  const first = cycles[0]!.stats;
  console.log(`ssd-delta benchmark: ${label}, ${children} children, ${seeded.totalRows} SSD rows (seeded in ${Math.round(seedMs)} ms), node ${process.version}`);
  console.log(formatCycleTable(cycles));
  console.log(`first cycle: ${(firstWallMs / 1000).toFixed(1)} s wall (stages overlap: their sum is the total above), ${Math.round(first.touched / (firstWallMs / 1000))} children/s end to end; ` +
    `rebuild+hash ${Math.round(first.touched / ((first.ms.fetch + first.ms.build + first.ms.hash) / 1000))} children/s; ` +
    `submit ${Math.round(first.sent / (first.ms.submit / 1000))} children/s`);
} finally {
  await sim.api.close();
  await source.close();
  await drop();
}
