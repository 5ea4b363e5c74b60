import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';

let built = false;

/**
 * The path of the compiled CLI (`dist/src/cli/main.js`, what `npm start` runs), compiled with tsc
 * the first time a test process asks (about 6 s). It starts in half the time the TypeScript
 * sources take under tsx, which matters to tests that start it a hundred times.
 */
export function compiledCli(): string {
  if (!built) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    built = true;
  }
  return join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');
}
