import { Command, Option } from 'commander';
import { SchemaError, SsdDeltaError } from '../core/errors.js';
import { configuredDialect, installScript, mssqlGrantStatements } from '../source/install-scripts.js';
import { missingSsdMessage, placementLines, ssdFoundLine } from './init-check-report.js';
import { runInitCheck } from './init-check.js';
import { addCommonOptions, configFlags } from './common-options.js';
import { loadApp, openApp, type AppContext } from './app-context.js';

/** What `init` did, for its printout and for tests. */
export interface InitReport {
  readonly applied: readonly string[];
  readonly captured: readonly string[];
  /** What init says of the SSD tables and columns it expected and did not find (null: none). */
  readonly missing: string | null;
}

/**
 * Creates ssd-delta's own tables (migrations) and installs capture on the SSD tables that
 * exist (triggers or Change Tracking; fingerprint mode tracks ssd-delta's own table). It never
 * creates or alters an SSD table's columns: those belong to the LA's SSD script. Missing tables
 * or columns are reported, not created.
 */
export async function initDatabase(app: AppContext, say: (line: string) => void = () => undefined): Promise<InitReport> {
  for (const line of placementLines(app.source.description, app.source.placement)) say(line);
  const migration = await app.source.schema.migrate();
  say(`migrations applied: ${migration.applied.length ? migration.applied.join(', ') : 'none (already up to date)'}`);
  const check = await app.source.schema.checkSsd(app.streams);
  say(ssdFoundLine(check, new Set(app.streams.map((s) => s.table)).size));
  const captured = await app.source.capture.install(app.streams, say);
  say(
    app.source.capture.mode === 'fingerprint'
      ? `capture: fingerprints of ${captured.length} SSD tables (refreshed when a table's load finishes, or by \`ssd-delta refresh\`)`
      : `capture installed on ${captured.length} SSD tables`,
  );
  return { applied: migration.applied, captured, missing: missingSsdMessage(check) };
}

/**
 * The install script `--print-sql` writes, for the dialect asked for. No database is opened, so
 * the schema is database.schema (--schema): on SQL Server it must be given, since the app would
 * otherwise use its login's default schema, which the script cannot know; Postgres: else public.
 */
async function printedScript(app: ReturnType<typeof loadApp>, dialect: 'postgres' | 'mssql'): Promise<string> {
  const { config, streams } = app;
  if (dialect === 'mssql' && config.database.schema === undefined) {
    throw new SsdDeltaError('USAGE', "--print-sql --dialect mssql needs --schema (or database.schema): the schema ssd-delta's tables go in, which ssd-delta must then be configured with too (else it uses its login's default schema). Add --ssd-schema when the SSD tables are in another one", { exitCode: 2 });
  }
  const schema = config.database.schema ?? 'public';
  return installScript(dialect, { stagingTable: config.database.stagingTable, schema, ssdSchema: config.database.ssdSchema ?? schema }, config, streams);
}

/** `ssd-delta init`. */
export function initCommand(): Command {
  const command = new Command('init')
    .description("create ssd-delta's own tables and capture (triggers, or SQL Server Change Tracking) on the existing SSD tables; report SSD tables or columns not found. With --print-sql, write the script instead (for DBAs who run scripts themselves); with --check, list what it would do and every permission it lacks, changing nothing (what a DBA runs first)")
    .addOption(new Option('--print-sql', 'write the whole install script to stdout instead of running it (no database is opened)'))
    .addOption(new Option('--dialect <dialect>', 'the script dialect for --print-sql (default: from database.url)').choices(['postgres', 'mssql']))
    .addOption(
      new Option('--check', "change nothing: list, for the configured database and login, everything init would do and every permission it lacks (with the GRANTs), in init's order, then whether init would run to the end. Exit 0: it would; 1: it would stop (the last line says where and why)").conflicts(['printSql']),
    )
    .action(async (options: Record<string, unknown>) => {
      const flags = configFlags(options);
      if (options.check) {
        if (options.dialect !== undefined) throw new SsdDeltaError('USAGE', '--dialect is only for --print-sql: init --check reads the database that database.url names', { exitCode: 2 });
        // An embedded database that is not there is not created: that would be a write.
        const app = await openApp({ configFile: options.config as string | undefined, flags, mustExist: true });
        try {
          process.exitCode = await runInitCheck(app, (line) => process.stdout.write(`${line}\n`));
        } finally {
          await app.source.close();
        }
        return;
      }
      if (options.printSql) {
        const app = loadApp({ configFile: options.config as string | undefined, flags });
        const dialect = (options.dialect as 'postgres' | 'mssql' | undefined) ?? configuredDialect(app.config);
        process.stdout.write(await printedScript(app, dialect));
        return;
      }
      if (options.dialect !== undefined) throw new SsdDeltaError('USAGE', '--dialect is only for --print-sql: init connects to the database that database.url names', { exitCode: 2 });
      const app = await openApp({ configFile: options.config as string | undefined, flags });
      try {
        const out = process.stdout;
        let report: InitReport;
        try {
          // Each step is printed as it is done: a refusal part-way says what is done and what is not.
          report = await initDatabase(app, (line) => out.write(`${line}\n`));
        } catch (error) {
          if (error instanceof SsdDeltaError && error.code === 'PERMISSION_DENIED' && app.source.dialect === 'mssql') {
            const { placement } = app.source;
            out.write(`init could not finish the next step: ${error.message}\nThe DBA can run the script \`ssd-delta init --dialect mssql --print-sql --schema ${placement.schema} --ssd-schema ${placement.ssdSchema}\` prints, or grant (see docs/sql-server.md):\n`);
            out.write(`${await mssqlGrantStatements(placement, app.source.capture.mode, app.config, app.streams)}\n`);
          }
          throw error;
        }
        if (report.missing) throw new SchemaError(report.missing);
      } finally {
        await app.source.close();
      }
    });
  return addCommonOptions(command, true);
}
