/**
 * One repetition of `npm run bench` on one synthetic LA (run by benchmarks/run.ts in a process of
 * its own, so its peak RSS is the initial load's): ssd-delta's tables in a fresh schema over SSD
 * tables benchmarks/la-seed.ts filled, then
 *   1. the initial load (the first cycle's marking; its sending is timed apart),
 *   2. delta cycles after realistic changes touching about 0.1%, 1% and 10% of the children,
 *      each followed by the full recompute the reference scripts do every night (every child
 *      rebuilt, hashed, compared and marked, as after an upgrade),
 *   3. canonicalise + hash in the pipeline against the bare loop on the same documents,
 *   4. sending against the simulated API (50 ms a POST) at each concurrency,
 *   5. the statements each cycle sent to the database.
 * Prints one JSON line (MeasuredRun). Never run by npm test.
 */
import stringify from 'fast-json-stable-stringify';
import xxhash from 'xxhash-wasm';
import { startSimulatedPoster } from '../src/cli/simulated-poster.js';
import { fixedClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createDocumentHasher } from '../src/payload/canonical-hash.js';
import { defaultBuildSettings, type BuildSettings } from '../src/payload/build-settings.js';
import type { CycleStats } from '../src/pipeline/cycle-stats.js';
import { runCycle } from '../src/pipeline/run-cycle.js';
import { simulateChanges } from '../src/simulate/change-simulator.js';
import { postgresSource } from '../src/source/postgres/postgres-source.js';
import { submitPending } from '../src/submit/submit-pending.js';
import { DEFAULT_SUBMIT_POLICY } from '../src/submit/submit-policy.js';
import { STREAMS } from '../test/helpers/test-sources.js';
import { BENCH_TODAY, openLaDatabase } from './la-database.js';
import type { CycleFigures, MeasuredRun } from './bench-results.js';
import { meterStatements } from './statement-meter.js';
import { ssdWriterOf } from '../src/source/ssd-writer.js';
import { benchArgs } from './bench-args.js';

const USAGE = 'la-measure.ts --children N --database pglite:<folder>|URL --ssd-schema S --own-schema O [--repetition R] [--shares 0.001,0.01,0.1] [--concurrency 1,4,16] [--latency-ms 50]\n\nOne repetition of npm run bench on an LA la-seed.ts seeded, run by benchmarks/run.ts in a process of its own: not meant to be run alone. Prints one JSON line of figures.';

const { values } = benchArgs(USAGE, {
  children: { type: 'string' },
  database: { type: 'string' },
  'ssd-schema': { type: 'string' },
  'own-schema': { type: 'string' },
  repetition: { type: 'string', default: '1' },
  shares: { type: 'string', default: '0.001,0.01,0.1' },
  concurrency: { type: 'string', default: '1,4,16' },
  'latency-ms': { type: 'string', default: '50' },
});
const children = Number(values.children);
const repetition = Number(values.repetition);

const opened = await openLaDatabase(String(values.database), String(values['own-schema']));
const meter = meterStatements(opened.db);
const placement = { schema: String(values['own-schema']), ssdSchema: String(values['ssd-schema']), stagingTable: 'ssd_api_data_staging' };
const source = postgresSource(meter.db, placement, STREAMS);
const sim = await startSimulatedPoster(60_000, { latencyMs: 0 });
const statementsOf = (): number => [...meter.take().values()].reduce((n, s) => n + s.count, 0);

// Each full recompute is announced as new build settings (the same codes, another key): the
// next cycle then evaluates every child, as after an upgrade, and builds the same documents.
let settings: BuildSettings = { ...defaultBuildSettings(), key: `bench-${repetition}-0` };
let keys = 0;
const deps = () => ({
  source, streams: STREAMS, clock: fixedClock(BENCH_TODAY), logger: silentLogger(), chunkSize: 1000, poster: sim.poster, settings,
  submit: { batchSize: 100, concurrency: 4, leaseSeconds: 300 },
});

/** Runs a cycle and gives its figures: marking seconds (wall time less sending) and sending apart. */
async function cycle(hasher: Awaited<ReturnType<typeof createDocumentHasher>>): Promise<{ figures: CycleFigures; stats: CycleStats }> {
  meter.take();
  const start = performance.now();
  const stats = await runCycle({ ...deps(), hasher });
  const wall = (performance.now() - start) / 1000;
  const statements = statementsOf();
  const sendSeconds = stats.ms.submit / 1000;
  return { stats, figures: { seconds: wall - sendSeconds, sendSeconds, touched: stats.touched, sent: stats.sent, statements, stages: { ...stats.ms } } };
}

try {
  await source.schema.migrate();
  await source.capture.install(STREAMS);
  const hasher = await createDocumentHasher();

  const first = await cycle(hasher);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const documents = first.stats.new + first.stats.updated + first.stats.unchanged + first.stats.invalid;
  const pipelineHashRate = documents / (first.stats.ms.hash / 1000);

  // Deltas: a round of the simulator touches a floor of children whatever its scale (every
  // operation writes at least one row; a shared professional fans out to all their children),
  // and about `slope` more per unit of scale; both are learnt from the rounds as they go.
  const deltas: Array<MeasuredRun['deltas'][number]> = [];
  let floor: number | null = null;
  let slope = 140;
  let round = repetition * 1000;
  for (const share of String(values.shares).split(',').map(Number)) {
    const wanted = share * children;
    const scale = floor === null ? 0.02 : Math.max(0.02, (wanted - floor) / slope);
    round += 1;
    await simulateChanges(ssdWriterOf(source), { seed: repetition, round, today: BENCH_TODAY, scale });
    const delta = await cycle(hasher);
    if (floor === null) floor = delta.figures.touched;
    // Only a round its scale drove says anything of the slope (near the floor, noise decides).
    else if (scale >= 1 && delta.figures.touched > floor) slope = (delta.figures.touched - floor) / scale;
    keys += 1;
    settings = { ...defaultBuildSettings(), key: `bench-${repetition}-${keys}` };
    const full = await cycle(hasher);
    deltas.push({ touchedShare: share, scale, delta: delta.figures, full: full.figures });
  }

  // Canonicalise + hash: the pipeline's rate in the first cycle against the bare loop on the same documents.
  const rows = await opened.db.query<{ json_payload: string }>(`SELECT json_payload FROM ${placement.schema}.ssd_api_data_staging ORDER BY id LIMIT 20000`);
  const objects = rows.map((r) => JSON.parse(r.json_payload) as unknown);
  const { h64ToString } = await xxhash();
  let bareStart = performance.now();
  let sink = 0;
  for (const doc of objects) sink += h64ToString(stringify(doc)).length;
  let bareSeconds = (performance.now() - bareStart) / 1000;
  // Once more, warm (the first pass paid the JIT's warm-up, which the pipeline's long run did not).
  bareStart = performance.now();
  for (const doc of objects) sink += h64ToString(stringify(doc)).length;
  bareSeconds = Math.min(bareSeconds, (performance.now() - bareStart) / 1000);
  if (sink === 0) throw new Error('no document hashed');
  const bareRate = objects.length / bareSeconds;

  // Sending: the same children sent again against the simulated API answering after latency-ms.
  const latencyMs = Number(values['latency-ms']);
  const submit: Array<MeasuredRun['submit'][number]> = [];
  await sim.api.close();
  for (const concurrency of String(values.concurrency).split(',').map(Number)) {
    const slow = await startSimulatedPoster(60_000, { latencyMs });
    const send = (): ReturnType<typeof submitPending> =>
      submitPending({ submissions: source.submissions, poster: slow.poster, batchSize: 100, concurrency, leaseSeconds: 300, logger: silentLogger(), policy: DEFAULT_SUBMIT_POLICY });
    const repend = (n: number): Promise<unknown> =>
      opened.db.query(
        `UPDATE ${placement.schema}.ssd_api_data_staging SET submission_status = 'pending', last_updated = now() - interval '1 minute'
          WHERE id IN (SELECT id FROM ${placement.schema}.ssd_api_data_staging WHERE submission_status = 'sent' ORDER BY id LIMIT $1)`,
        [n],
      );
    try {
      // Untimed: the token and the connections, so the timed run is sending alone.
      await repend(concurrency * 100);
      await send();
      // Ten waves of batches (fewer when the LA is smaller): start and end weigh little.
      const wanted = Math.min(children, concurrency * 100 * 10);
      await repend(wanted);
      const start = performance.now();
      const totals = await send();
      const seconds = (performance.now() - start) / 1000;
      const rate = totals.sent / seconds;
      const bound = (concurrency * 100) / (latencyMs / 1000);
      submit.push({ concurrency, children: totals.sent, childrenPerSecond: rate, bound, shareOfBound: rate / bound });
    } finally {
      await slow.api.close();
    }
  }

  const result: MeasuredRun = {
    database: opened.kind, children, repetition,
    initialLoad: { ...first.figures, childrenPerSecond: first.figures.touched / first.figures.seconds, peakRssMb },
    deltas,
    hash: { pipelineDocumentsPerSecond: pipelineHashRate, bareDocumentsPerSecond: bareRate, documents: objects.length },
    submit,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await sim.api.close().catch(() => undefined);
  await source.close();
}
