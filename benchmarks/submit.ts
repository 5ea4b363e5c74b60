/**
 * `npm run bench:submit [-- --children N --latency-ms MS --concurrency 1,4,16 --database-url URL]`
 *
 * Sending alone: fills the staging table with N pending children (real documents of a synthetic
 * LA, built once), then times submitPending against the built-in simulated API answering after
 * `latency-ms`, for each concurrency, next to the bound concurrency x batch / latency. Never run
 * by npm test.
 */
import { startSimulatedPoster } from '../src/cli/simulated-poster.js';
import { silentLogger } from '../src/core/logger.js';
import { postgresSource } from '../src/source/postgres/postgres-source.js';
import { submitPending } from '../src/submit/submit-pending.js';
import { DEFAULT_SUBMIT_POLICY } from '../src/submit/submit-policy.js';
import { STREAMS } from '../test/helpers/test-sources.js';
import { openBenchDatabase } from './bench-database.js';
import { benchArgs } from './bench-args.js';

const USAGE = 'npm run bench:submit -- [--children N] [--latency-ms MS] [--concurrency 1,4,16] [--database-url URL]\n\nSending alone: pending staging rows filled directly, then sent to the simulated API at each concurrency. See benchmarks/README.md.';

const { values } = benchArgs(USAGE, {
  children: { type: 'string', default: '20000' },
  'latency-ms': { type: 'string', default: '50' },
  concurrency: { type: 'string', default: '1,4,16' },
  'database-url': { type: 'string' },
});
const children = Number(values.children);
const latencyMs = Number(values['latency-ms']);

/** A ~1.4 KB document per child, about a real one's size. */
const documentOf = (i: number): string =>
  JSON.stringify({ la_child_id: `B${i}`, purge: false, child_details: { sex: 'F', disabilities: ['NONE'], uasc_flag: false, purge: false, first_name: 'x'.repeat(20) }, social_care_episodes: Array.from({ length: 6 }, (_, e) => ({ social_care_episode_id: `R${i}x${e}`, referral_date: '2025-01-01', referral_source: '1A', purge: false, child_in_need_plans: [{ child_in_need_plan_id: `P${i}x${e}`, start_date: '2025-02-01', purge: false }] })) });

const { db, label, placement, drop } = await openBenchDatabase(values['database-url'], 'bench_submit', 20);
const source = postgresSource(db, placement, STREAMS);
const sim = await startSimulatedPoster(60_000, { latencyMs });
try {
  await source.schema.migrate();
  const docs = Array.from({ length: children }, (_, i) => documentOf(i));
  console.log(`ssd-delta submit benchmark: ${label}, ${children} children of ~${Math.round(docs[0]!.length / 100) / 10} KB, simulated API latency ${latencyMs} ms, batches of 100, node ${process.version}`);
  console.log('concurrency  children/s  bound (c x 100 / latency)  share of bound  POSTs');
  for (const concurrency of (values.concurrency ?? '1').split(',').map(Number)) {
    await db.query('DELETE FROM ssd_api_data_staging');
    await db.query(
      `INSERT INTO ssd_api_data_staging (person_id, json_payload, current_hash, last_updated)
       SELECT 'B' || (i - 1), d, md5(d), now() - interval '1 minute' FROM unnest($1::text[]) WITH ORDINALITY AS t(d, i)`,
      [docs],
    );
    sim.api.reset();
    const start = performance.now();
    const totals = await submitPending({ submissions: source.submissions, poster: sim.poster, batchSize: 100, concurrency, leaseSeconds: 300, logger: silentLogger(), policy: DEFAULT_SUBMIT_POLICY });
    const seconds = (performance.now() - start) / 1000;
    const rate = totals.sent / seconds;
    const bound = (concurrency * 100) / (latencyMs / 1000);
    console.log(`${String(concurrency).padStart(11)}  ${String(Math.round(rate)).padStart(10)}  ${String(Math.round(bound)).padStart(25)}  ${`${Math.round((rate / bound) * 100)}%`.padStart(14)}  ${String(sim.api.requestCount).padStart(5)}`);
    if (totals.sent !== children) throw new Error(`sent ${totals.sent} of ${children}`);
  }
} finally {
  await sim.api.close();
  await source.close();
  await drop();
}
