// `npm test`: the whole suite, in worker processes side by side where that is safe, then one
// summary (test-results.json, which .ci/run turns into "N passed, N failed").
//
// The machine has two cores and the suite spends much of its time waiting on child processes,
// databases and sockets, so files run in parallel (mocha --parallel); each isolates itself (its
// own schemas, data folders, ports). Only the shared database servers need care: the disruptive
// files restart the Postgres server or cut off its sessions, or watch every session on it, which
// would fail whatever another file was running there (or be misled by it). So:
//  1. the files that use a server, but for the disruptive ones, in parallel;
//  2. the disruptive files one at a time and, beside them, the files that never use a server
//     (run without any database address in their environment, so none can reach one), in parallel.
// A file uses a server when it, or a test helper it imports (transitively), reads one of
// SERVER_VARIABLES: they are the only way a test learns a server's address. It is disruptive
// when it or a helper it imports mentions one of DISRUPTIVE_MARKS.
// The live SQL Server suite (SSD_DELTA_MSSQL_URL) drops and recreates its tables in one shared
// schema, so with that variable set every group runs one file at a time.
// SSD_DELTA_TEST_JOBS sets the worker count (default 3; 1 runs every group in one process).
// `node test/run-suite.mjs --list` shows the groups.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_VARIABLES = ['SSD_DELTA_TEST_PG_URL', 'SSD_DELTA_MSSQL_URL'];
const DISRUPTIVE_MARKS = [
  'restartPostgres', // test/helpers/restart-postgres.ts: restarts the cluster, or ends every ssd-delta session
  'pg_stat_activity', // every session of the server, another file's too
];
// The reliability suite's long files first, so that no worker is left with one at the end. (The
// T-SQL parse, ~50 s of sqlfluff, first as well measured a minute slower: it competes for the
// two cores with the kills under load.)
const FOLDERS = ['test/reliability', 'test/integration', 'test/unit', 'test/static'];
// What else could point a CLI at a server: ssd-delta's own settings and libpq's.
const ADDRESS_VARIABLE = /^(SSD_DELTA_TEST_PG_URL|SSD_DELTA_MSSQL_URL|SSD_DELTA_DATABASE_.*|PG[A-Z]+)$/;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const jobs = process.env.SSD_DELTA_MSSQL_URL ? 1 : Math.max(1, Number(process.env.SSD_DELTA_TEST_JOBS ?? 3));

function testFiles(folder) {
  return readdirSync(join(root, folder), { recursive: true }).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(folder, f));
}

/** True when `file`, or a test file it imports (transitively), mentions one of `words`. */
function mentions(file, words, seen = new Set()) {
  if (seen.has(file)) return false;
  seen.add(file);
  const text = readFileSync(join(root, file), 'utf8');
  if (words.some((w) => text.includes(w))) return true;
  for (const [, spec] of text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)) {
    const target = relative(root, resolve(join(root, dirname(file)), spec.replace(/\.js$/, '.ts')));
    // (A path that is no file is an import quoted inside a test's text, as the ESLint test has.)
    if (target.startsWith('test/') && existsSync(join(root, target)) && mentions(target, words, seen)) return true;
  }
  return false;
}

const summaryOf = (failures, failed = []) => ({ passes: 0, failures, pending: 0, tests: 0, duration: 0, failed });
const running = new Set();

/** Runs mocha on `files`; its output goes to ours as it comes, or (buffered) when it ends. */
function runMocha(label, files, { parallel, env, live }) {
  if (files.length === 0) return Promise.resolve({ ...summaryOf(0), ok: true });
  const results = join(root, `test-results.${label}.json`);
  rmSync(results, { force: true });
  const args = [require.resolve('mocha/bin/mocha.js'), ...(parallel && jobs > 1 && files.length > 1 ? ['--parallel', '--jobs', String(jobs)] : []), ...files];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'], env: { ...env, SSD_DELTA_TEST_RESULTS: results } });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      if (output) process.stdout.write(output);
      const ended = `mocha (${label}) exited ${code ?? signal}`;
      let summary;
      try {
        summary = JSON.parse(readFileSync(results, 'utf8'));
      } catch {
        summary = summaryOf(1, [{ title: ended, error: 'without a summary (a crash or a bad option)' }]);
      }
      rmSync(results, { force: true });
      // A worker that crashed after its file's results were counted: the exit code is the truth.
      if (code !== 0 && summary.failures === 0) summary = { ...summary, failures: 1, failed: [...summary.failed, { title: ended, error: 'with no test failing' }] };
      done({ ...summary, ok: code === 0 });
    });
  });
}

// Ctrl-C or a cancelled CI job: stop the mocha groups too, not only this process.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of running) child.kill(signal);
    process.exit(130);
  });
}

const all = FOLDERS.flatMap(testFiles);
const anyServer = SERVER_VARIABLES.some((v) => process.env[v]);
const withServer = anyServer ? all.filter((f) => mentions(f, SERVER_VARIABLES)) : [];
const disruptive = withServer.filter((f) => mentions(f, DISRUPTIVE_MARKS));
const serverFree = all.filter((f) => !withServer.includes(f));
// A file that restarts a server but is not seen to use one would run, during another's restart,
// with no address at all: its server parts skipped, silently. Better to stop and say so.
const unseen = anyServer ? serverFree.filter((f) => mentions(f, DISRUPTIVE_MARKS)) : [];
if (unseen.length > 0) {
  process.stderr.write(`test/run-suite.mjs: ${unseen.join(', ')} mention ${DISRUPTIVE_MARKS.join(' or ')} but read none of ${SERVER_VARIABLES.join(', ')}: read the server's address from that variable (test/helpers/test-sources.ts) so that the file runs in the right group\n`);
  process.exit(2);
}
const envWithoutServer = Object.fromEntries(Object.entries(process.env).filter(([k]) => !ADDRESS_VARIABLE.test(k)));

if (process.argv.includes('--list')) {
  const list = (files) => files.map((f) => `  ${f}${disruptive.includes(f) ? ' (disruptive)' : ''}`).join('\n');
  process.stdout.write(`uses a server:\n${list(withServer)}\nnever uses one:\n${list(serverFree)}\n`);
  process.exit(0);
}

// The CLI is compiled once, here (test/helpers/compiled-cli.ts): mocha processes running side by
// side would each compile it into the same dist/ folder, and a CLI one of them spawns could read a
// file another is still writing.
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
process.env.SSD_DELTA_TEST_CLI_BUILT = '1';
envWithoutServer.SSD_DELTA_TEST_CLI_BUILT = '1';

const outcomes = [];
if (anyServer) {
  outcomes.push(await runMocha('server', withServer.filter((f) => !disruptive.includes(f)), { parallel: true, env: process.env, live: true }));
  outcomes.push(...(await Promise.all([
    runMocha('disruptive', disruptive, { parallel: false, env: process.env, live: true }),
    runMocha('server-free', serverFree, { parallel: true, env: envWithoutServer, live: false }),
  ])));
} else {
  outcomes.push(await runMocha('all', serverFree, { parallel: true, env: process.env, live: true }));
}

const total = summaryOf(0);
for (const o of outcomes) {
  for (const key of ['passes', 'failures', 'pending', 'tests', 'duration']) total[key] += o[key];
  total.failed.push(...o.failed);
}
writeFileSync(join(root, process.env.SSD_DELTA_TEST_RESULTS ?? 'test-results.json'), `${JSON.stringify(total, null, 2)}\n`);
process.stdout.write(`\n${total.passes} passing, ${total.failures} failing, ${total.pending} pending (all groups)\n`);
for (const f of total.failed) process.stdout.write(`  failed: ${f.title}: ${f.error}\n`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
