// The CLI's entry point, made executable after a build: tsc writes files without the execute
// bit, and `npx ssd-delta` in this folder runs the bin file itself (an installed tarball gets
// the bit from npm; a checkout does not).
import { chmodSync } from 'node:fs';

chmodSync(new URL('../dist/src/cli/main.js', import.meta.url), 0o755);
