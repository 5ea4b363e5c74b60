// `npm test`: the whole suite, in worker processes side by side where that is safe, then one
// summary (test-results.json, which .ci/run turns into "N passed, N failed").
//
// The machine has two cores and the suite spends much of its time waiting on child processes,
// databases and sockets, so files run in parallel (mocha --parallel); each isolates itself (its
// own schemas, data folders, ports). Only the shared database servers need care: the DISRUPTIVE
// files restart the Postgres server (SSD_DELTA_TEST_PG_URL) or cut off its sessions, which would
// fail whatever another file was running on it. So:
//  1. the files that use a server, in parallel;
//  2. the DISRUPTIVE files one at a time and, beside them, the files that never use a server
//     (run without the servers' variables, so none can reach one), in parallel.
// A file uses a server when it, or a test helper it imports (transitively), reads one of
// SERVER_VARIABLES: they are the only way a test learns a server's address.
// The live SQL Server suite (SSD_DELTA_MSSQL_URL) drops and recreates its tables in one shared
// schema, so with that variable set every group runs one file at a time.
// SSD_DELTA_TEST_JOBS sets the worker count (default 3; 1 runs every group in one process).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const DISRUPTIVE = [
  'test/reliability/database-goes-away.test.ts',
  'test/reliability/unattended-serve.test.ts',
  // It watches pg_stat_activity for an ssd-delta session's query, which another file's would match.
  'test/reliability/reload-race.test.ts',
];
// Longest first, so that no worker is left with a long file at the end.
const FOLDERS = ['test/reliability', 'test/integration', 'test/unit', 'test/static'];
const SERVER_VARIABLES = ['SSD_DELTA_TEST_PG_URL', 'SSD_DELTA_MSSQL_URL'];

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const mocha = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const jobs = process.env.SSD_DELTA_MSSQL_URL ? 1 : Math.max(1, Number(process.env.SSD_DELTA_TEST_JOBS ?? 3));

function testFiles(folder) {
  return readdirSync(join(root, folder), { recursive: true }).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(folder, f));
}

/** True when `file` or a test file it imports (transitively) mentions a server's variable. */
function usesServer(file, seen = new Set()) {
  if (seen.has(file)) return false;
  seen.add(file);
  const text = readFileSync(join(root, file), 'utf8');
  if (SERVER_VARIABLES.some((v) => text.includes(v))) return true;
  for (const [, spec] of text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)) {
    const target = relative(root, resolve(join(root, dirname(file)), spec.replace(/\.js$/, '.ts')));
    // (A path that is no file is an import quoted inside a test's text, as the ESLint test has.)
    if (target.startsWith('test/') && existsSync(join(root, target)) && usesServer(target, seen)) return true;
  }
  return false;
}

/** Runs mocha on `files`; its output goes to ours as it comes, or (buffered) when it ends. */
function runMocha(label, files, { parallel, env, live }) {
  if (files.length === 0) return Promise.resolve({ passes: 0, failures: 0, pending: 0, tests: 0, duration: 0, failed: [], ok: true });
  const results = join(root, `test-results.${label}.json`);
  rmSync(results, { force: true });
  const args = [mocha, ...(parallel && jobs > 1 && files.length > 1 ? ['--parallel', '--jobs', String(jobs)] : []), ...files];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'], env: { ...env, SSD_DELTA_TEST_RESULTS: results } });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      if (output) process.stdout.write(output);
      let summary;
      try {
        summary = JSON.parse(readFileSync(results, 'utf8'));
      } catch {
        // mocha ended before its reporter wrote (a crash, a bad option): a failure.
        summary = { passes: 0, failures: 1, pending: 0, tests: 0, duration: 0, failed: [{ title: `mocha (${label})`, error: `exited ${code ?? signal} without a summary` }] };
      }
      rmSync(results, { force: true });
      done({ ...summary, ok: code === 0 });
    });
  });
}

const all = FOLDERS.flatMap(testFiles);
const withServer = SERVER_VARIABLES.some((v) => process.env[v]) ? all.filter((f) => usesServer(f)) : [];
const serverFree = all.filter((f) => !withServer.includes(f));
const envWithoutServer = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SERVER_VARIABLES.includes(k)));

if (process.argv.includes('--list')) {
  process.stdout.write(`uses a server:\n${withServer.map((f) => `  ${f}${DISRUPTIVE.includes(f) ? ' (disruptive)' : ''}`).join('\n')}\nnever uses one:\n${serverFree.map((f) => `  ${f}`).join('\n')}\n`);
  process.exit(0);
}

// The CLI is compiled once, here (test/helpers/compiled-cli.ts): mocha processes running side by
// side would each compile it into the same dist/ folder, and a CLI one of them spawns could read a
// file another is still writing.
execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
process.env.SSD_DELTA_TEST_CLI_BUILT = '1';
envWithoutServer.SSD_DELTA_TEST_CLI_BUILT = '1';

const outcomes = [];
if (withServer.length > 0) {
  outcomes.push(await runMocha('server', withServer.filter((f) => !DISRUPTIVE.includes(f)), { parallel: true, env: process.env, live: true }));
  outcomes.push(...(await Promise.all([
    runMocha('disruptive', withServer.filter((f) => DISRUPTIVE.includes(f)), { parallel: false, env: process.env, live: true }),
    runMocha('server-free', serverFree, { parallel: true, env: envWithoutServer, live: false }),
  ])));
} else {
  outcomes.push(await runMocha('all', serverFree, { parallel: true, env: process.env, live: true }));
}

const total = { passes: 0, failures: 0, pending: 0, tests: 0, duration: 0, failed: [] };
for (const o of outcomes) {
  for (const key of ['passes', 'failures', 'pending', 'tests', 'duration']) total[key] += o[key];
  total.failed.push(...o.failed);
}
writeFileSync(join(root, process.env.SSD_DELTA_TEST_RESULTS ?? 'test-results.json'), `${JSON.stringify(total, null, 2)}\n`);
process.stdout.write(`\n${total.passes} passing, ${total.failures} failing, ${total.pending} pending (all groups)\n`);
for (const f of total.failed) process.stdout.write(`  failed: ${f.title}: ${f.error}\n`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
