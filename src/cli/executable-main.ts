// The single-file executable's entry point (`npm run package` bundles from here). It unpacks
// the executable's files first and says where, and only then loads the CLI: every module that
// reads a file finds it through PACKAGE_ROOT, which is fixed when load-config.ts loads.
// Both import only Node's own modules: nothing of ssd-delta's loads before the folder is set.
import { setUnpackedRoot } from '../core/executable.js';
import { unpackFiles } from '../core/unpack-files.js';

try {
  setUnpackedRoot(unpackFiles());
  void import('./main.js');
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
