/**
 * `npm run bench [-- --children N[,M] --database-url URL --pglite --large --repetitions R --out FILE]`
 *
 * ssd-delta at LA scale: synthetic LAs of 10,000 and 100,000 children (and 1,000,000 with
 * `--large`) on PGlite and on the Postgres server (`--database-url`, else
 * SSD_DELTA_BENCH_PG_URL, else postgres://postgres@127.0.0.1:5432/test when it answers), each
 * measured `--repetitions` times (default 3) by benchmarks/la-measure.ts in a process of its own
 * after benchmarks/la-seed.ts seeded it: initial load, delta cycles against the full recompute,
 * canonicalise + hash against the bare loop, sending against its bound, statements per cycle.
 * `--children N --database-url URL` runs one size on that database only (add `--pglite` for
 * PGlite too). Writes benchmarks/results/<date>.json (and `--out FILE`), a chart beside it
 * (.svg), and prints a markdown table for benchmarks/README.md. Never run by npm test.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { cycleChart, markdownTable, summariseRuns, type MeasuredRun } from './bench-results.js';
import { benchArgs } from './bench-args.js';

const USAGE = 'npm run bench -- [--children N[,M]] [--database-url URL] [--pglite] [--large] [--repetitions R] [--out FILE] [--shares 0.001,0.01,0.1] [--concurrency 1,4,16] [--latency-ms 50]\n\nssd-delta at LA scale: initial load, delta cycles against the full recompute, hashing against the bare loop, sending against the latency bound and statements per cycle, for synthetic LAs of 10,000 and 100,000 children (--large: and 1,000,000) on PGlite and the Postgres server (--database-url, else SSD_DELTA_BENCH_PG_URL or the local server). Writes benchmarks/results/<date>.json and a chart beside it. See benchmarks/README.md.';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = benchArgs(USAGE, {
  children: { type: 'string' },
  'database-url': { type: 'string' },
  pglite: { type: 'boolean', default: false },
  large: { type: 'boolean', default: false },
  repetitions: { type: 'string', default: '3' },
  out: { type: 'string' },
  shares: { type: 'string', default: '0.001,0.01,0.1' },
  concurrency: { type: 'string', default: '1,4,16' },
  'latency-ms': { type: 'string', default: '50' },
});

const sizes = values.children ? values.children.split(',').map(Number) : [10_000, 100_000, ...(values.large ? [1_000_000] : [])];
const repetitions = Number(values.repetitions);
if (sizes.some((n) => !Number.isInteger(n) || n < 100) || !Number.isInteger(repetitions) || repetitions < 1) {
  console.error('bench: --children takes whole numbers of at least 100 (comma-separated), --repetitions a whole number of at least 1');
  process.exit(2);
}

/** True when a Postgres server answers at `url`. */
async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const serverUrl = values['database-url'] ?? process.env.SSD_DELTA_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const databases: string[] = [];
if (!values['database-url'] || values.pglite) databases.push('pglite');
if (await reachable(serverUrl)) databases.push(serverUrl);
else if (values['database-url']) {
  console.error(`bench: cannot connect to ${values['database-url']}`);
  process.exit(2);
} else console.error(`bench: no Postgres server answers at ${serverUrl}: PGlite only (set --database-url or SSD_DELTA_BENCH_PG_URL)`);

let running: ReturnType<typeof spawn> | null = null;
let cleanup: (() => Promise<void>) | null = null;
// Ctrl-C (or a kill) stops the measuring process and drops what this run made before exiting.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    running?.kill('SIGKILL');
    void (cleanup ?? (async () => undefined))().finally(() => process.exit(130));
  });
}

/** Runs a benchmark script in a process of its own and returns its last line of output, parsed. */
function runScript<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    running = child;
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      running = null;
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited ${code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} ${args.join(' ')} printed no result: ${last.slice(0, 200)}`));
      }
    });
  });
}

async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await client.end();
  }
}

const label = (database: string): string => (database === 'pglite' ? 'PGlite' : `postgres ${new URL(database).host}`);
const summaries: Record<string, unknown>[] = [];
const failures: string[] = [];
const stamp = Date.now().toString(36);
const started = new Date();
const resultsFolder = join(here, 'results');
mkdirSync(resultsFolder, { recursive: true });
const day = started.toISOString().slice(0, 10);
let base = join(resultsFolder, day);
for (let n = 2; existsSync(`${base}.json`); n += 1) base = join(resultsFolder, `${day}-${n}`);
for (const database of databases) {
  for (const children of sizes) {
    const folder = database === 'pglite' ? mkdtempSync(join(tmpdir(), 'ssd-delta-bench-')) : null;
    const spec = folder ? `pglite:${folder}` : database;
    const ssdSchema = folder ? 'ssd' : `bench_la_${children}_${stamp}`;
    const owned: string[] = [ssdSchema];
    const drop = async (): Promise<void> => {
      if (folder) rmSync(folder, { recursive: true, force: true });
      else await dropSchemas(database, owned);
    };
    cleanup = drop;
    try {
      console.error(`${label(database)}, ${children.toLocaleString('en-GB')} children: seeding`);
      const seeded = await runScript<{ rows: number; seconds: number }>('la-seed.ts', ['--children', String(children), '--database', spec, '--ssd-schema', ssdSchema]);
      console.error(`  seeded ${seeded.rows.toLocaleString('en-GB')} SSD rows in ${seeded.seconds.toFixed(1)} s`);
      const runs: MeasuredRun[] = [];
      for (let repetition = 1; repetition <= repetitions; repetition += 1) {
        const own = `${ssdSchema}_own${repetition}`;
        owned.push(own);
        const run = await runScript<MeasuredRun>('la-measure.ts', [
          '--children', String(children), '--database', spec, '--ssd-schema', ssdSchema, '--own-schema', own, '--repetition', String(repetition),
          '--shares', String(values.shares), '--concurrency', String(values.concurrency), '--latency-ms', String(values['latency-ms']),
        ]);
        runs.push(run);
        console.error(`  repetition ${repetition}: initial load ${run.initialLoad.seconds.toFixed(1)} s (${Math.round(run.initialLoad.childrenPerSecond)} children/s, peak RSS ${run.initialLoad.peakRssMb} MB); ` +
          run.deltas.map((d) => `${d.touchedShare * 100}%: ${d.delta.seconds.toFixed(2)} s (${d.delta.touched} touched) vs full ${d.full.seconds.toFixed(1)} s`).join('; '));
        if (!folder) await dropSchemas(database, [own]);
      }
      summaries.push(summariseRuns(runs, seeded));
      writeResults();
    } catch (error) {
      // One size failing does not lose the others' figures: it is said, and the run goes on.
      console.error(`  ${label(database)}, ${children} children failed: ${(error as Error).message}`);
      failures.push(`${label(database)}, ${children} children: ${(error as Error).message}`);
    } finally {
      await drop();
      cleanup = null;
    }
  }
}
if (failures.length > 0) process.exitCode = 1;

function writeResults(): void {
  const bare = summaries.map((s) => (s as { hash: { bareDocumentsPerSecond: number } }).hash.bareDocumentsPerSecond).sort((a, b) => a - b);
  const mid = Math.floor(bare.length / 2);
  const results = {
    node: process.version,
    date: started.toISOString(),
    machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) },
    bareLoop: { documentsPerSecond: bare.length === 0 ? null : bare.length % 2 === 1 ? bare[mid]! : (bare[mid - 1]! + bare[mid]!) / 2 },
    runs: summaries,
    failures,
  };
  const text = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(`${base}.json`, text);
  if (values.out) writeFileSync(values.out, text);
  if (summaries.length > 0) writeFileSync(`${base}.svg`, cycleChart(summaries));
}

writeResults();
console.log(markdownTable(summaries));
console.log(`\nresults: ${base}.json${values.out ? ` and ${values.out}` : ''}; chart: ${base}.svg`);
