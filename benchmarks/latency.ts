/**
 * `npm run bench:latency [-- --children N --changes C --cycle CRON --database-url URL]`
 *
 * Near-real-time, measured end to end: `ssd-delta serve` (the compiled CLI, a child process) on
 * the Postgres server with a 10 s cycle, sending to the simulated DfE API (50-200 ms per POST)
 * running in this process, while a writer here commits C changes to the SSD at random moments
 * (0.5 to 1.5 s apart). For each change: the time from its commit to the API's receipt of a
 * document of that child holding it (or a later change of it). Prints p50, p95 and max, and next
 * to them what serve's own ssd_delta_commit_to_receipt_seconds histogram (/metrics) says of the
 * same children. Never run by npm test.
 */
import { spawn } from 'node:child_process';
import { startSimulatedApi } from '../src/simulate/simulated-api.js';
import { chaosPolicy } from '../src/simulate/chaos-policy.js';
import { seedSsd } from '../src/simulate/seed-ssd.js';
import { postgresSource } from '../src/source/postgres/postgres-source.js';
import { compiledCli } from '../test/helpers/compiled-cli.js';
import { STREAMS } from '../test/helpers/test-sources.js';
import { openBenchDatabase } from './bench-database.js';
import { ssdWriterOf } from '../src/source/ssd-writer.js';
import { benchArgs } from './bench-args.js';

const USAGE = 'npm run bench:latency -- [--children N] [--changes C] [--cycle CRON] [--database-url URL]\n\nNear-real-time end to end: ssd-delta serve on the Postgres server against the simulated API while a writer commits C changes; prints the time from each commit to the API\'s receipt. Exits 1 when a change never arrives or p95 is 60 s or more. See benchmarks/README.md.';

const { values } = benchArgs(USAGE, {
  children: { type: 'string', default: '2000' },
  changes: { type: 'string', default: '240' },
  cycle: { type: 'string', default: '*/10 * * * * *' },
  'database-url': { type: 'string', default: process.env.SSD_DELTA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
});
const children = Number(values.children);
const changes = Number(values.changes);
const url = values['database-url'] as string;

const opened = await openBenchDatabase(url, 'bench_latency');
const source = postgresSource(opened.db, opened.placement, STREAMS, undefined, 'direct');
const api = await startSimulatedApi({ faultPolicy: chaosPolicy({ rates: {}, retryAfterSeconds: 1, latencyMinMs: 50, latencyMaxMs: 200, seed: 1 }) });
/** The commit-to-receipt histogram's buckets (le -> cumulative count), count and sum, from serve's /metrics. */
async function receiptHistogram(metricsUrl: string): Promise<{ buckets: Map<number, number>; count: number; sum: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const buckets = new Map<number, number>();
  for (const m of text.matchAll(/^ssd_delta_commit_to_receipt_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm)) buckets.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  const value = (name: string): number => Number(new RegExp(`^ssd_delta_commit_to_receipt_seconds_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { buckets, count: value('count'), sum: value('sum') };
}
/** The bucket bound a quantile falls under, for the children observed between two scrapes. */
function bucketQuantile(before: Awaited<ReturnType<typeof receiptHistogram>>, after: Awaited<ReturnType<typeof receiptHistogram>>, q: number): number {
  const total = after.count - before.count;
  for (const [le, n] of [...after.buckets].sort((a, b) => a[0] - b[0])) if (n - (before.buckets.get(le) ?? 0) >= q * total) return le;
  return Infinity;
}
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
try {
  await source.schema.migrate();
  await seedSsd(ssdWriterOf(source), { children, seed: 1, today: new Date().toISOString().slice(0, 10) });
  await source.capture.install(STREAMS);

  const serve = spawn(process.execPath, [compiledCli(), 'serve', '--listen', '127.0.0.1:0', '--schedule', values.cycle as string, '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env, http_proxy: '', https_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '',
      SSD_DELTA_DATABASE_URL: url, SSD_DELTA_DATABASE_SCHEMA: opened.placement.schema,
      SSD_DELTA_API_BASE_URL: api.url, SSD_DELTA_API_TOKEN_ENDPOINT: api.tokenEndpoint, SSD_DELTA_API_LA_CODE: api.laCode,
      SSD_DELTA_API_CLIENT_ID: 'ssd-delta-demo', SSD_DELTA_API_SCOPE: 'ssd-delta-bench', SSD_DELTA_API_CLIENT_SECRET: 'demo-secret', SSD_DELTA_API_SUPPLIER_KEY: 'demo-supplier-key',
    },
  });
  let out = '';
  const seen = (pattern: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => void (pattern.test(out) && resolve());
      serve.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        check();
      });
      serve.on('exit', () => reject(new Error(`serve ended: ${out}`)));
      check();
    });
  const started = performance.now();
  await seen(/status page http:\/\/127\.0\.0\.1:\d+\//);
  const metricsUrl = `${/status page (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1] as string}/metrics`;
  await seen(/^cycle 1: .* sent/m);
  // The baseline's children are in the histogram too (waiting from the cycle that found them): only what comes after counts.
  const before = await receiptHistogram(metricsUrl);
  process.stdout.write(`baseline of ${children} children sent in ${((performance.now() - started) / 1000).toFixed(1)} s; writing ${changes} changes\n`);

  // Children the API holds (the cohort): a change to anyone else is never sent.
  const people = (await opened.db.query<{ person_id: string }>(`SELECT person_id FROM ${opened.placement.schema}.ssd_api_data_staging WHERE submission_status = 'sent'`)).map((r) => r.person_id);
  // The writer: a new surname for a random child, committed, its time kept.
  const committed: Array<{ child: string; n: number; at: number }> = [];
  for (let n = 0; n < changes; n += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
    const child = people[Math.floor(Math.random() * people.length)] as string;
    await ssdWriterOf(source).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: child, pers_surname: `Latency${n}` }]);
    committed.push({ child, n, at: Date.now() });
  }
  // Each change's latency: the first receipt, after its commit, of a document with it or a later change of the child.
  const latencyOf = (c: { child: string; n: number; at: number }): number | null => {
    for (const r of api.receivedFor(c.child)) {
      const surname = (r.document as { child_details?: { surname?: string } }).child_details?.surname ?? '';
      const m = /^Latency(\d+)$/.exec(surname);
      if (r.at.getTime() >= c.at && m && Number(m[1]) >= c.n) return r.at.getTime() - c.at;
    }
    return null;
  };
  const deadline = Date.now() + 120_000;
  while (committed.some((c) => latencyOf(c) === null) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = await receiptHistogram(metricsUrl);
  serve.kill('SIGTERM');
  await new Promise((resolve) => serve.on('close', resolve));

  const latencies = committed.map(latencyOf);
  const got = latencies.filter((l): l is number => l !== null).sort((a, b) => a - b);
  const s = (ms: number): string => (ms / 1000).toFixed(1);
  process.stdout.write(`\n| changes | received | p50 s | p95 s | max s | cycle |\n|---|---|---|---|---|---|\n`);
  process.stdout.write(`| ${committed.length} | ${got.length} | ${s(percentile(got, 50))} | ${s(percentile(got, 95))} | ${s(got[got.length - 1] ?? NaN)} | \`${values.cycle}\` |\n`);
  const observed = after.count - before.count;
  process.stdout.write(`\nserve's ssd_delta_commit_to_receipt_seconds over the same time: ${observed} children accepted, mean ${((after.sum - before.sum) / Math.max(1, observed)).toFixed(1)} s, p50 under ${bucketQuantile(before, after, 0.5)} s, p95 under ${bucketQuantile(before, after, 0.95)} s (bucket bounds)\n`);
  if (got.length < committed.length) process.stdout.write(`${committed.length - got.length} changes never arrived within 2 minutes of the last commit\n`);
  process.exitCode = got.length === committed.length && percentile(got, 95) < 60_000 ? 0 : 1;
} finally {
  await api.close();
  await source.close();
  await opened.drop();
}
