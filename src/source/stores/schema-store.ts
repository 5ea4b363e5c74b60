import { requiredColumns, type StreamDefinition } from '../../streams/stream-definition.js';
import { SchemaError } from '../../core/errors.js';
import { isSsdDeltaStaging, refuseForeignStaging } from '../foreign-staging.js';
import type { MigrationReport, SchemaStore, SsdCheck } from '../source.js';
import { ssdCheck } from '../ssd-check.js';
import type { SqlNames } from '../sql-names.js';
import { param, type SqlParams, type SqlRunner } from '../sql-runner.js';

/** What a dialect's migrations and statistics need beyond the statements both share. */
export interface SchemaDialect {
  /** Refuses, saying why and what to do, a server ssd-delta cannot run on (run before anything else). */
  checkServer(): Promise<void>;
  /** Creates the migration ledger when it is not there (the first statement of every migration run). */
  readonly ledgerSql: string;
  /** The migration files shipped for the dialect, in order. */
  migrationFiles(): string[];
  /** A migration file's script, names filled in. */
  migration(file: string): string;
  /** The values take-migration-lock.sql takes on this dialect (its lock's name, how long it waits). */
  readonly migrationLock: SqlParams;
  /** Where an LA's SSD build puts its tables, said when database.ssdSchema names no schema. */
  readonly ssdSchemaHint: string;
  refreshStatistics(): Promise<void>;
  refreshStatisticsWhileMarking(): Promise<void>;
}

/**
 * Creating and checking ssd-delta's own tables, on either dialect: migrations applied in order,
 * each once per staging table name, in one transaction behind the migration lock, so two
 * processes starting at once apply each exactly once and the second waits for the first.
 */
export function schemaStore(db: SqlRunner, names: SqlNames, dialect: SchemaDialect): SchemaStore {
  const stagingTable = { staging_table: param.key(names.stagingTable) };
  return {
    async migrate(): Promise<MigrationReport> {
      await dialect.checkServer();
      const [schemas] = await db.run<{ own: boolean; ssd: boolean }>('read-schemas', { schema: param.key(names.schema), ssd_schema: param.key(names.ssdSchema) });
      if (!schemas?.own) throw new SchemaError(`${db.description} has no schema ${names.schema} (database.schema): create it (CREATE SCHEMA ${names.placeholders.schema}) or set database.schema to the schema ssd-delta's tables should go in`);
      if (!schemas.ssd) throw new SchemaError(`${db.description} has no schema ${names.ssdSchema} (database.ssdSchema): set it to the schema that holds the SSD tables${dialect.ssdSchemaHint}`);
      return db.transaction(async (tx) => {
        await tx.run('take-migration-lock', dialect.migrationLock);
        await tx.script(dialect.ledgerSql);
        // The change log, watermarks and owner map are per schema: a second staging table
        // would share (and advance) the first one's watermark and miss changes.
        const others = await tx.run<{ staging_table: string }>('read-other-staging', stagingTable);
        if (others.length > 0) {
          throw new SchemaError(`${db.description} already holds ssd-delta with staging table ${others.map((o) => o.staging_table).join(', ')} in schema ${names.schema}; one ssd-delta per schema: use database.stagingTable=${others[0]?.staging_table} or another database.schema`);
        }
        const done = new Set((await tx.run<{ name: string }>('read-ledger', stagingTable)).map((r) => r.name));
        if (!done.has('0001_staging.sql')) {
          const columns = await tx.run<{ name: string }>('read-table-columns', { schema: param.key(names.schema), table: param.key(names.stagingTable) });
          refuseForeignStaging(names.staging, columns.map((c) => c.name));
        }
        const report: MigrationReport = { applied: [], alreadyApplied: [] };
        for (const file of dialect.migrationFiles()) {
          if (done.has(file)) {
            report.alreadyApplied.push(file);
            continue;
          }
          await tx.script(dialect.migration(file));
          await tx.run('insert-ledger', { name: param.key(file), ...stagingTable });
          report.applied.push(file);
        }
        return report;
      });
    },

    async installed(): Promise<boolean> {
      // Read from the catalog, so a login that may read the SSD and nothing else can ask. A table
      // of that name someone else made (a reference sender's) is not ssd-delta installed.
      const columns = await db.run<{ name: string }>('read-table-columns', { schema: param.key(names.schema), table: param.key(names.stagingTable) });
      return isSsdDeltaStaging(columns.map((c) => c.name));
    },

    async pending(): Promise<string[]> {
      const done = new Set((await db.run<{ name: string }>('read-ledger', stagingTable)).map((r) => r.name));
      return dialect.migrationFiles().filter((f) => !done.has(f));
    },

    refreshStatistics: () => dialect.refreshStatistics(),
    refreshStatisticsWhileMarking: () => dialect.refreshStatisticsWhileMarking(),

    async checkSsd(streams: readonly StreamDefinition[]): Promise<SsdCheck> {
      const needed = streams.flatMap(requiredColumns);
      const tables = [...new Set(needed.map((n) => n.table))];
      const rows = await db.run<{ schema_name: string; table_name: string; column_name: string }>('read-ssd-columns', { tables: param.list(tables) });
      return ssdCheck(names.ssdSchema, tables, needed, rows);
    },
  };
}
