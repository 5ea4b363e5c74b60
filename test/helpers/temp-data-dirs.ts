import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Fresh data-directory paths (not yet created) for CLI tests, all removed by `cleanup`, which a
 * suite registers with mocha's `after`.
 */
export function tempDataDirs(prefix: string): { next(): string; cleanup(): void } {
  const dirs: string[] = [];
  return {
    next() {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return join(dir, 'db');
    },
    cleanup: () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })),
  };
}
