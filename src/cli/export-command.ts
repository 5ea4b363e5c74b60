import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { createDocumentHasher } from '../payload/canonical-hash.js';
import { dryBuild, type DryChild } from '../pipeline/dry-build.js';
import { addCommonOptions, addFlags, configFlags, type FlagMap } from './common-options.js';
import { openApp, requireSsdTables } from './app-context.js';
import { stagingCounts } from './status-command.js';

const FLAGS: FlagMap = [{ flag: '--as-of <date>', key: 'payload.asOf', help: 'treat this YYYY-MM-DD as today (payload.asOf)' }];

/** The document a child would be sent with, or null when nothing would be sent. */
function wouldSend(child: DryChild): string | null {
  const { built, outcome } = child;
  if (outcome === 'deleted' && built.kind === 'gone') return built.purge.json;
  if ((outcome === 'new' || outcome === 'updated') && built.kind === 'document' && built.errors.length === 0) return built.json;
  return null;
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
      const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options, FLAGS), mustExist: true });
      try {
        await requireSsdTables(app);
        await stagingCounts(app); // says `run ssd-delta init first` when it has not run
        const out = String(options.out);
        mkdirSync(out, { recursive: true });
        const manifest: { written: Array<{ personId: string; rowState: string }>; invalid: Array<{ personId: string; errors: readonly string[] }> } = { written: [], invalid: [] };
        await dryBuild({ source: app.source, streams: app.streams, hasher: await createDocumentHasher(), clock: app.clock, chunkSize: app.config.capture.chunkSize }, (children) => {
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
        });
        writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        process.stdout.write(`wrote ${manifest.written.length} documents the next run would send to ${out} (${manifest.invalid.length} invalid, listed in manifest.json)\n`);
      } finally {
        await app.source.close();
      }
    });
  return addFlags(addCommonOptions(command, true), FLAGS);
}
