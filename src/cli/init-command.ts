import { Command } from 'commander';
import { SchemaError } from '../core/errors.js';
import { addCommonOptions, configFlags } from './common-options.js';
import { openApp, type AppContext } from './app-context.js';

/** What `init` did, for its printout and for tests. */
export interface InitReport {
  readonly applied: readonly string[];
  readonly captured: readonly string[];
  readonly missingTables: readonly string[];
  readonly missingColumns: readonly string[];
}

/**
 * Creates ssd-delta's own tables (migrations) and installs capture triggers on the SSD tables
 * that exist. It never creates or alters an SSD table's columns: those belong to the LA's SSD
 * script. Missing tables or columns are reported, not created.
 */
export async function initDatabase(app: AppContext): Promise<InitReport> {
  const migration = await app.source.schema.migrate();
  const check = await app.source.schema.checkSsd(app.streams);
  const captured = await app.source.capture.install(app.streams);
  return { applied: migration.applied, captured, ...check };
}

/** `ssd-delta init`. */
export function initCommand(): Command {
  const command = new Command('init')
    .description("create ssd-delta's own tables and capture triggers on the existing SSD tables; report SSD tables or columns not found")
    .action(async (options: Record<string, unknown>) => {
      const app = await openApp({ configFile: options.config as string | undefined, flags: configFlags(options) });
      try {
        const report = await initDatabase(app);
        const out = process.stdout;
        out.write(`database: ${app.source.description}\n`);
        out.write(`migrations applied: ${report.applied.length ? report.applied.join(', ') : 'none (already up to date)'}\n`);
        out.write(`capture installed on ${report.captured.length} SSD tables\n`);
        if (report.missingTables.length || report.missingColumns.length) {
          const parts = [];
          if (report.missingTables.length) parts.push(`SSD tables expected and not found: ${report.missingTables.join(', ')}`);
          if (report.missingColumns.length) parts.push(`SSD columns expected and not found: ${report.missingColumns.join(', ')}`);
          throw new SchemaError(`${parts.join('; ')}. ssd-delta does not create SSD tables: run your LA's SSD script (or \`ssd-delta seed\` for a demo), then init again`);
        }
      } finally {
        await app.source.close();
      }
    });
  return addCommonOptions(command, true);
}
