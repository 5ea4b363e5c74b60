// `npm ci` / `npm install` in this folder builds the CLI (dist/), so `npx ssd-delta` works at
// once. Without the dev dependencies (npm ci --omit=dev) there is no TypeScript to build with:
// say so and go on, rather than fail the install with "tsc: not found".
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write('ssd-delta: TypeScript is not installed (dev dependencies omitted), so dist/ was not built: run `npm ci` with them, then `npm run build`\n');
  process.exit(0);
}
const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (built.status === 0) await import('./mark-executable.mjs');
process.exit(built.status ?? 1);
