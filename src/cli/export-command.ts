import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { DryChild } from '../pipeline/dry-build.js';
import { addCommonOptions, addFlags } from './common-options.js';
import { DRY_RUN_FLAGS, runDryBuild } from './dry-run.js';

/** The document a child would be sent with (new, updated, or a purge), or null. */
function wouldSend(child: DryChild): string | null {
  const { mark, outcome } = child;
  const sent = outcome === 'new' || outcome === 'updated' || outcome === 'deleted';
  return sent && mark?.kind === 'upsert' ? mark.json : null;
}

/**
 * `ssd-delta export --out DIR`: a dry run. Writes the documents the next `run` would send (new,
 * updated, and purges of deleted children), one `<person_id>.json` each, and `manifest.json`
 * listing them with their row_state; invalid documents are listed there, not written.
 */
export function exportCommand(): Command {
  const command = new Command('export')
    .description('dry run: write the documents the next run would send into a folder (one file per child, plus manifest.json); sends and marks nothing')
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .action(async (options: Record<string, unknown>) => {
      const out = String(options.out);
      // Created once the database checks have passed, so a mistyped --data-dir leaves no folder.
      const ensureOut = (): void => void mkdirSync(out, { recursive: true });
      const manifest: { written: Array<{ personId: string; rowState: string }>; invalid: Array<{ personId: string; errors: readonly string[] }> } = { written: [], invalid: [] };
      await runDryBuild(
        options,
        (children) => {
          ensureOut();
          for (const child of children) {
            const json = wouldSend(child);
            if (json !== null) {
              // Ids come from the SSD: encoded so none can name a path outside the folder.
              writeFileSync(join(out, `${encodeURIComponent(child.built.personId)}.json`), `${json}\n`);
              manifest.written.push({ personId: child.built.personId, rowState: child.outcome });
            } else if (child.outcome === 'invalid' && child.built.kind === 'document') {
              manifest.invalid.push({ personId: child.built.personId, errors: child.built.errors });
            }
          }
        },
        () => {
          ensureOut();
          writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
          process.stdout.write(`wrote ${manifest.written.length} documents the next run would send to ${out} (${manifest.invalid.length} invalid, listed in manifest.json)\n`);
        },
      );
    });
  return addFlags(addCommonOptions(command, true), DRY_RUN_FLAGS);
}
