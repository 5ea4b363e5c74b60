import { requiredColumns, type StreamDefinition } from '../../streams/stream-definition.js';
import { describeError, SchemaError } from '../../core/errors.js';
import { foreignStagingRefusal, isSsdDeltaStaging } from '../foreign-staging.js';
import type { MigrationReport, PermissionAsk, PermissionNeed, SchemaPlan, SchemaStore, SsdCheck, StagingPlan } from '../source.js';
import { ssdCheck } from '../ssd-check.js';
import type { SqlNames } from '../sql-names.js';
import { param, type SqlParams, type SqlRunner, type SqlStatements } from '../sql-runner.js';
import { checkPermissions } from './permission-check.js';

/** The server as init checks it. */
export interface ServerFacts {
  /** What runs, in words (`PostgreSQL 15.4`; SQL Server's compatibility level too). */
  readonly found: string;
  /** Why ssd-delta cannot run there, saying what to do (null: it can). */
  readonly refusal: string | null;
  /** The database user the login is (current_user, USER_NAME()). */
  readonly user: string;
}

/** What a dialect's permission asks are worked out from (SchemaStore.plan). */
export interface SchemaFacts {
  readonly user: string;
  readonly schemas: { readonly own: boolean; readonly ssd: boolean };
  readonly staging: StagingPlan;
  /** The SSD tables the streams read. */
  readonly ssdTables: readonly string[];
}

/** What a dialect's migrations and statistics need beyond the statements both share. */
export interface SchemaDialect {
  /** The server's version (and SQL Server's compatibility level), and whether ssd-delta can run there. */
  readServer(): Promise<ServerFacts>;
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
  /** The permissions the migrations and ssd-delta's own tables need, in the dialect's words and GRANTs. */
  permissionAsks(facts: SchemaFacts): PermissionAsk[];
  /**
   * Which of these SSD tables are there, whatever the login may read (Postgres: pg_class), or
   * null where the catalog hides from a login what it may not use (SQL Server).
   */
  tablesThere(tables: readonly string[]): Promise<ReadonlySet<string> | null>;
  refreshStatistics(): Promise<void>;
  refreshStatisticsWhileMarking(): Promise<void>;
}

/** Init's refusal of a schema that is not there, or null when both are. */
function schemaRefusal(db: SqlRunner, names: SqlNames, dialect: SchemaDialect, schemas: { own: boolean; ssd: boolean }): string | null {
  if (!schemas.own) return `${db.description} has no schema ${names.schema} (database.schema): create it (CREATE SCHEMA ${names.placeholders.schema}) or set database.schema to the schema ssd-delta's tables should go in`;
  if (!schemas.ssd) return `${db.description} has no schema ${names.ssdSchema} (database.ssdSchema): set it to the schema that holds the SSD tables${dialect.ssdSchemaHint}`;
  return null;
}

/**
 * Init's refusal of the staging table: one ssd-delta per schema (the change log, watermarks and
 * owner map are per schema: a second staging table would share, and advance, the first one's
 * watermark and miss changes), and a table of the configured name ssd-delta did not make is
 * never adopted. `others`: staging tables the ledger has besides this one; `done`: its
 * migrations; `columns`: the table's columns (none: not there). Null: no refusal.
 */
function stagingRefusal(db: SqlRunner, names: SqlNames, others: readonly string[], done: ReadonlySet<string>, columns: readonly string[]): string | null {
  if (others.length > 0) {
    return `${db.description} already holds ssd-delta with staging table ${others.join(', ')} in schema ${names.schema}; one ssd-delta per schema: use database.stagingTable=${others[0]} or another database.schema`;
  }
  return done.has('0001_staging.sql') ? null : foreignStagingRefusal(names.staging, columns);
}

/** What the ledger says of this staging table: the other staging tables migrated in the schema, and its migrations done. */
async function readLedger(db: SqlStatements, stagingTable: SqlParams): Promise<{ others: string[]; done: Set<string> }> {
  const others = (await db.run<{ staging_table: string }>('read-other-staging', stagingTable)).map((o) => o.staging_table);
  return { others, done: new Set((await db.run<{ name: string }>('read-ledger', stagingTable)).map((r) => r.name)) };
}

/**
 * Creating and checking ssd-delta's own tables, on either dialect: migrations applied in order,
 * each once per staging table name, in one transaction behind the migration lock, so two
 * processes starting at once apply each exactly once and the second waits for the first.
 */
export function schemaStore(db: SqlRunner, names: SqlNames, dialect: SchemaDialect): SchemaStore {
  const stagingTable = { staging_table: param.key(names.stagingTable) };
  const readSchemas = async () => (await db.run<{ own: boolean; ssd: boolean }>('read-schemas', { schema: param.key(names.schema), ssd_schema: param.key(names.ssdSchema) }))[0] ?? { own: false, ssd: false };
  const columnsOf = async (tx: SqlStatements, table: string) => (await tx.run<{ name: string }>('read-table-columns', { schema: param.key(names.schema), table: param.key(table) })).map((c) => c.name);

  /** The staging table and the migrations as init would find them, read without the migration lock (nothing is written). */
  const planStaging = async (): Promise<StagingPlan> => {
    const [columns, ledger] = await Promise.all([columnsOf(db, names.stagingTable), columnsOf(db, 'ssd_delta_migration')]);
    let read: { others: string[]; done: Set<string> } | null = { others: [], done: new Set<string>() };
    let unknown: string | null = null;
    try {
      if (ledger.length > 0) read = await readLedger(db, stagingTable);
    } catch (error) {
      // A login that may not read the ledger (a DBA's first try with a reader) still gets the rest.
      if (!db.permissionDenied(error)) throw error;
      unknown = `cannot read ${names.own('ssd_delta_migration')}, so which migrations init would apply is not known (${describeError(error)}): grant what is listed and run the check again`;
      read = null;
    }
    const state = columns.length === 0 ? 'absent' : isSsdDeltaStaging(columns) ? 'installed' : 'foreign';
    if (read === null) return { state, pending: [], refusal: null, unknown };
    const { others, done } = read;
    return { state, pending: dialect.migrationFiles().filter((f) => !done.has(f)), refusal: stagingRefusal(db, names, others, done, columns), unknown };
  };

  /**
   * The SSD tables init would not find although they may be there: Postgres tells them from
   * pg_class (there, but the login may not read them); SQL Server hides what a login may not use,
   * so while it lacks SELECT on them every one not found may be there.
   */
  const unseenTables = async (missing: readonly string[], permissions: readonly PermissionNeed[]): Promise<SchemaPlan['unseen']> => {
    if (missing.length === 0) return { tables: [], certain: true };
    const there = await dialect.tablesThere(missing);
    if (there !== null) return { tables: missing.filter((t) => there.has(t)), certain: true };
    const readsSsd = permissions.every((n) => n.step !== 'ssd' || n.held === true);
    return { tables: readsSsd ? [] : [...missing], certain: false };
  };

  const store: SchemaStore = {
    async migrate(): Promise<MigrationReport> {
      const server = await dialect.readServer();
      if (server.refusal) throw new SchemaError(server.refusal);
      const refusal = schemaRefusal(db, names, dialect, await readSchemas());
      if (refusal) throw new SchemaError(refusal);
      return db.transaction(async (tx) => {
        await tx.run('take-migration-lock', dialect.migrationLock);
        await tx.script(dialect.ledgerSql);
        const { others, done } = await readLedger(tx, stagingTable);
        const refused = stagingRefusal(db, names, others, done, done.has('0001_staging.sql') ? [] : await columnsOf(tx, names.stagingTable));
        if (refused) throw new SchemaError(refused);
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

    async plan(streams: readonly StreamDefinition[]): Promise<SchemaPlan> {
      const server = await dialect.readServer();
      const schemas = await readSchemas();
      const staging: StagingPlan = schemas.own ? await planStaging() : { state: 'absent', pending: dialect.migrationFiles(), refusal: null, unknown: null };
      const found = await store.checkSsd(streams);
      const ssdTables = [...new Set(streams.map((s) => s.table))];
      const permissions = await checkPermissions(db, dialect.permissionAsks({ user: server.user, schemas, staging, ssdTables }));
      const unseen = await unseenTables(found.missingTables, permissions);
      const ssd = { ...found, missingTables: found.missingTables.filter((t) => !unseen.tables.includes(t)) };
      return { user: server.user, server: { found: server.found, refusal: server.refusal }, schemas: { ...schemas, refusal: schemaRefusal(db, names, dialect, schemas) }, staging, ssd, unseen, permissions };
    },

    async installed(): Promise<boolean> {
      // Read from the catalog, so a login that may read the SSD and nothing else can ask. A table
      // of that name someone else made (a reference sender's) is not ssd-delta installed.
      return isSsdDeltaStaging(await columnsOf(db, names.stagingTable));
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
  return store;
}
