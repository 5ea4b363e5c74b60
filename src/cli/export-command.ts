import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { ConfigError } from '../core/errors.js';
import { deltaBody } from '../payload/document-delta.js';
import type { DryChild } from '../pipeline/dry-build.js';
import type { AppContext } from './app-context.js';
import { addCommonOptions, addFlags, type FlagMap } from './common-options.js';
import { DRY_RUN_FLAGS, notInstalled, runDryBuild } from './dry-run.js';
import { RUN_FLAGS } from './run-command.js';

/** export takes the dry-run flags and the run's --payload-mode (it writes what a run would send). */
const EXPORT_FLAGS: FlagMap = [...DRY_RUN_FLAGS, ...RUN_FLAGS.filter((f) => f.key === 'payload.mode')];

/** The document a child's staging row would hold for sending (new, updated, or a purge), or null. */
function wouldSend(child: DryChild): string | null {
  const { mark, outcome } = child;
  const sent = outcome === 'new' || outcome === 'updated' || outcome === 'deleted';
  return sent && mark?.kind === 'upsert' ? mark.json : null;
}

/**
 * What the next run would POST for each of these children: the document, or (for a child the
 * API has accepted before) its delta in the configured payload.mode, made as sending makes it.
 */
async function bodies(children: readonly DryChild[], app: AppContext, installed: boolean): Promise<Array<{ child: DryChild; body: string }>> {
  const sending = children.flatMap((child) => {
    const json = wouldSend(child);
    return json === null ? [] : [{ child, json }];
  });
  // Before init nothing has been sent: every document goes whole.
  const held = installed ? await app.source.staging.receiverDocuments(sending.map((s) => s.child.built.personId)) : new Map<string, never>();
  // A deleted child who is not purged (payload.purgeDeleted false) is not sent at all.
  return sending
    .filter(({ child }) => child.outcome !== 'deleted' || app.config.payload.purgeDeleted)
    .map(({ child, json }) => {
      const receiver = held.get(child.built.personId);
      return { child, body: deltaBody(receiver?.previousJson ?? null, json, app.config.payload.mode, receiver?.unconfirmedJson ?? null) };
    });
}

/** What export writes into manifest.json. */
interface Manifest {
  /** True for `--all` (every child's whole current document), false for what the next run would send. */
  all: boolean;
  written: Array<{ personId: string; rowState: string }>;
  invalid: Array<{ personId: string; errors: readonly string[] }>;
  /** False where the SSD could not be read in one snapshot (SQL Server before `init`): a load running meanwhile may show in it. */
  oneSnapshot?: boolean;
}

/**
 * `ssd-delta export --out DIR`: a dry run. Writes what the next `run` would send (new children
 * whole, updated ones as payload.mode makes them, purges of deleted children), or with `--all`
 * every child's current whole document (what the DfE should hold had everything been sent, to
 * compare a receiver with the SSD), one `<person_id>.json` each, and `manifest.json` listing
 * them; invalid documents are listed there, not written.
 */
export function exportCommand(): Command {
  const command = new Command('export')
    .description('dry run: write the documents the next run would send (or with --all every child\'s current document) into a folder, one file per child plus manifest.json; sends and marks nothing; before init it reads the SSD alone, with a login that may only read it (SQL Server without snapshot isolation: table by table, best outside the load window)')
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .option('--all', 'write every child\'s whole current document (what the DfE should hold once everything is sent), not only what the next run would send')
    .action(async (options: Record<string, unknown>) => {
      const out = String(options.out);
      const all = options.all === true;
      // Files of an earlier export would be taken for this one's (a child gone since still "to hold").
      if (existsSync(out) && readdirSync(out).some((f) => f.endsWith('.json'))) {
        throw new ConfigError(`--out ${out} already holds exported files: give a new or empty folder, so no file of an earlier export is taken for this one`);
      }
      // Created once the database checks have passed, so a mistyped --data-dir leaves no folder.
      const ensureOut = (): void => void mkdirSync(out, { recursive: true });
      const manifest: Manifest = { all, written: [], invalid: [] };
      // Ids come from the SSD: encoded so none can name a path outside the folder.
      const write = (personId: string, rowState: string, body: string): void => {
        writeFileSync(join(out, `${encodeURIComponent(personId)}.json`), `${body}\n`);
        manifest.written.push({ personId, rowState });
      };
      await runDryBuild(
        options,
        async (children, app, installed) => {
          ensureOut();
          if (all) {
            for (const { built } of children) if (built.kind === 'document' && built.errors.length === 0) write(built.personId, 'current', built.json);
          } else {
            for (const { child, body } of await bodies(children, app, installed)) write(child.built.personId, child.outcome, body);
          }
          for (const child of children) {
            if (child.built.kind === 'document' && child.built.errors.length > 0) manifest.invalid.push({ personId: child.built.personId, errors: child.built.errors });
          }
        },
        (app, installed, oneSnapshot) => {
          manifest.oneSnapshot = oneSnapshot;
          ensureOut();
          writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
          const what = all ? 'current documents of every child in the cohort' : 'documents the next run would send';
          process.stdout.write(`wrote ${manifest.written.length} ${what} to ${out} (${manifest.invalid.length} invalid, listed in manifest.json)\n`);
          if (!installed && !all) process.stdout.write(`${notInstalled(app)}\n`);
        },
        EXPORT_FLAGS,
      );
    });
  return addFlags(addCommonOptions(command, true), EXPORT_FLAGS);
}
