import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

/** Set by the process that compiled the CLI (test/run-suite.mjs sets it for every mocha it starts). */
const BUILT = 'SSD_DELTA_TEST_CLI_BUILT';

/** Compiles the sources with tsc into dist/ (about 6 s), once per test run. */
function buildCompiledCli(): void {
  if (process.env[BUILT] === '1') return;
  // Parallel workers compiling into the same dist/ folder at once could hand a spawned CLI a file
  // still being written.
  if (process.env.MOCHA_WORKER_ID !== undefined) throw new Error('mocha --parallel: run the suite with `npm test` (test/run-suite.mjs), which compiles the CLI once before the workers start');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  process.env[BUILT] = '1';
}

/**
 * The path of the compiled CLI (`dist/src/cli/main.js`, what `npm start` runs), compiled first
 * if this run has not compiled it yet. It starts in half the time the TypeScript sources take
 * under tsx, which matters to tests that start it a hundred times.
 */
export function compiledCli(): string {
  buildCompiledCli();
  return join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
}
