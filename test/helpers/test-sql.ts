import mssql from 'mssql';
import pg from 'pg';
import { param, type MssqlConnection, type MssqlParams } from '../../src/source/mssql/mssql-connection.js';
import type { PgConnection } from '../../src/source/postgres/pg-connection.js';

/** A parameter a test statement binds. */
export type TestParam = string | number | null;

/**
 * One session of its own (another writer: the LA's load), where a transaction can stay open
 * across statements while ssd-delta works.
 */
export interface TestSession {
  begin(): Promise<void>;
  query(sql: string, params?: readonly TestParam[]): Promise<void>;
  commit(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The little SQL tests write themselves, to arrange or inspect what no port method does (backdate
 * a lease, read the attempt log), on every dialect the suites loop over. Statements are written in
 * the subset Postgres and T-SQL share, with `$1`, `$2`… parameters; the helpers below give the
 * few expressions that differ. Names are left unqualified: each target's session resolves them
 * to its schema (Postgres: the search_path the target set; SQL Server: the login's default schema,
 * where the live target installs).
 */
export interface TestSql {
  /** Runs one statement and returns its rows (counts may come back as text: wrap them in Number). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly TestParam[]): Promise<T[]>;
  /** Runs statements without parameters or results. */
  exec(sql: string): Promise<void>;
  /** A literal list for `IN`: `('a', 'b')`. */
  list(values: readonly string[]): string;
  /** An expression: `column`, a timestamp, moved `seconds` into the past. */
  earlier(column: string, seconds: number): string;
  /** An expression: the database's current time moved `seconds` into the past. */
  ago(seconds: number): string;
  /**
   * Statements that make the changes the next cycle reads look `seconds` old, as if committed
   * then: the change log's records (Postgres direct mode dates a change by them) and the
   * watermarks (fingerprint mode and SQL Server date a change from when the position it lies
   * above was read).
   */
  backdateChanges(seconds: number): string;
  /**
   * A statement that ends the database session holding ssd-delta's run lock, as a DBA's kill
   * would. Postgres only: on SQL Server, KILL needs ALTER ANY CONNECTION, which the live suite's
   * login is not assumed to have.
   */
  readonly endRunLockSession?: string;
  /** An expression: the schema unqualified names resolve to (where ssd-delta's tables are). */
  readonly currentSchema: string;
  /** An expression: a JSON array of one element, the JSON document in text column `column`. */
  jsonArrayOf(column: string): string;
  /** Makes a text column unbounded, as an LA's own DDL may (Postgres `text`, SQL Server `NVARCHAR(MAX)`). */
  widenToText(table: string, column: string): Promise<void>;
  /** Lets `column`, a table's primary key, hold NULL (drops the key, then the column's NOT NULL). */
  allowNullKey(table: string, column: string): Promise<void>;
  /** Opens another session on the same database (a server's: absent on PGlite, which has one). */
  readonly session?: () => Promise<TestSession>;
  /** A JSON column's value as a value (Postgres returns jsonb and arrays parsed; SQL Server returns text). */
  json<T>(value: unknown): T;
  /**
   * Runs `write` the way a load that bypasses capture would write (Postgres: with the tables'
   * triggers disabled), so the change feed never sees it. Absent on SQL Server: Change Tracking
   * is the engine's and fingerprints read the tables themselves, so no write escapes them, and
   * tests of that case skip there.
   */
  readonly bypassCapture?: (tables: readonly string[], write: () => Promise<unknown>) => Promise<void>;
}

const mssqlText = (sql: string): string => sql.replace(/\$(\d+)/g, '@p$1');
const quote = (value: string): string => `'${value.replaceAll("'", "''")}'`;
const literalList = (literals: readonly string[]): string => {
  if (literals.length === 0) throw new Error('TestSql.list: an empty IN list is not SQL');
  return `(${literals.join(', ')})`;
};
const parsed = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** Test SQL on Postgres: PGlite, or a server at `url` (which gives sessions). */
export function postgresTestSql(connection: PgConnection, url?: string): TestSql {
  return {
    ...(url === undefined ? {} : { session: () => postgresSession(url) }),
    query: (sql, params = []) => connection.query(sql, params),
    exec: (sql) => connection.exec(sql),
    list: (values) => literalList(values.map(quote)),
    earlier: (column, seconds) => `${column} - interval '${seconds} seconds'`,
    ago: (seconds) => `now() - interval '${seconds} seconds'`,
    // The run lock is the two-key advisory lock whose keys are MARK_LOCK and the schema's hash
    // (postgres/run-lock.ts): this schema's only, not another test process's on the same server.
    endRunLockSession: "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = 1440604539 AND objid = hashtext(current_schema())::oid AND objsubid = 2 AND granted",
    backdateChanges: (seconds) => `UPDATE ssd_delta_change_log SET logged_at = now() - interval '${seconds} seconds'; UPDATE ssd_delta_watermark SET position_at = now() - interval '${seconds} seconds', updated_at = now() - interval '${seconds} seconds'`,
    currentSchema: 'current_schema()',
    jsonArrayOf: (column) => `jsonb_build_array(${column}::jsonb)`,
    widenToText: (table, column) => connection.exec(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE text`),
    async allowNullKey(table, column) {
      const [key] = await connection.query<{ name: string }>(
        "SELECT conname AS name FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'p'", [table]);
      if (key) await connection.exec(`ALTER TABLE ${table} DROP CONSTRAINT ${key.name}`);
      await connection.exec(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL`);
    },
    json: parsed,
    async bypassCapture(tables, write) {
      await connection.exec(tables.map((t) => `ALTER TABLE ${t} DISABLE TRIGGER USER;`).join(' '));
      try {
        await write();
      } finally {
        await connection.exec(tables.map((t) => `ALTER TABLE ${t} ENABLE TRIGGER USER;`).join(' '));
      }
    },
  };
}

/** Test SQL on SQL Server: `$n` become `@pn`; text binds as NVARCHAR(MAX), numbers as BIGINT. */
export function mssqlTestSql(connection: MssqlConnection, poolConfig: mssql.config): TestSql {
  const bind = (params: readonly TestParam[]): MssqlParams =>
    Object.fromEntries(params.map((value, i) => [`p${i + 1}`, typeof value === 'number' ? param.bigint(value) : param.text(value)]));
  return {
    query: (sql, params = []) => connection.query(mssqlText(sql), bind(params)),
    session: () => mssqlSession(poolConfig),
    exec: (sql) => connection.exec(sql),
    list: (values) => literalList(values.map((v) => `N${quote(v)}`)),
    earlier: (column, seconds) => `DATEADD(SECOND, ${-seconds}, ${column})`,
    ago: (seconds) => `DATEADD(SECOND, ${-seconds}, SYSUTCDATETIME())`,
    backdateChanges: (seconds) => `UPDATE ssd_delta_watermark SET position_at = DATEADD(SECOND, ${-seconds}, SYSUTCDATETIME()), updated_at = DATEADD(SECOND, ${-seconds}, SYSUTCDATETIME())`,
    currentSchema: 'SCHEMA_NAME()',
    jsonArrayOf: (column) => `N'[' + ${column} + N']'`,
    // The SSD's text columns allow NULL; ALTER COLUMN without NULL would make this one NOT NULL.
    widenToText: (table, column) => connection.exec(`ALTER TABLE ${table} ALTER COLUMN ${column} NVARCHAR(MAX) NULL`),
    async allowNullKey(table, column) {
      // T-SQL has no DROP NOT NULL: the column is altered to its own type, NULL allowed. EXEC ()
      // takes no function calls, so each statement is built in a variable first.
      await connection.query(
        `DECLARE @id INT = OBJECT_ID(@table), @pk sysname, @type NVARCHAR(200), @name NVARCHAR(600), @sql NVARCHAR(MAX);
         IF @id IS NULL THROW 50100, N'allowNullKey: no such table', 1;
         SET @name = QUOTENAME(OBJECT_SCHEMA_NAME(@id)) + N'.' + QUOTENAME(OBJECT_NAME(@id));
         SELECT @pk = name FROM sys.key_constraints WHERE parent_object_id = @id AND type = 'PK';
         IF @pk IS NOT NULL
         BEGIN
           SET @sql = N'ALTER TABLE ' + @name + N' DROP CONSTRAINT ' + QUOTENAME(@pk);
           EXEC sys.sp_executesql @sql;
         END;
         SELECT @type = TYPE_NAME(c.user_type_id)
                + CASE WHEN TYPE_NAME(c.user_type_id) IN (N'nvarchar', N'nchar') THEN N'(' + IIF(c.max_length = -1, N'MAX', CAST(c.max_length / 2 AS NVARCHAR(10))) + N')'
                       WHEN TYPE_NAME(c.user_type_id) IN (N'varchar', N'char') THEN N'(' + IIF(c.max_length = -1, N'MAX', CAST(c.max_length AS NVARCHAR(10))) + N')'
                       ELSE N'' END
                + IIF(c.collation_name IS NULL, N'', N' COLLATE ' + c.collation_name)
           FROM sys.columns AS c WHERE c.object_id = @id AND c.name = @column;
         IF @type IS NULL THROW 50101, N'allowNullKey: no such column', 1;
         SET @sql = N'ALTER TABLE ' + @name + N' ALTER COLUMN ' + QUOTENAME(@column) + N' ' + @type + N' NULL';
         EXEC sys.sp_executesql @sql;`,
        { table: param.text(table), column: param.text(column) },
      );
    },
    json: parsed,
  };
}

async function postgresSession(url: string): Promise<TestSession> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    begin: async () => void (await client.query('BEGIN')),
    query: async (sql, params = []) => void (await client.query(sql, [...params])),
    commit: async () => void (await client.query('COMMIT')),
    close: () => client.end().catch(() => undefined),
  };
}

/**
 * A pool of exactly one connection, so every request runs in the same session; BEGIN and COMMIT
 * go as batches of their own (inside sp_executesql a transaction begun would be an error, 266).
 */
async function mssqlSession(poolConfig: mssql.config): Promise<TestSession> {
  // No validation on acquire: a connection lost mid-transaction must fail the test, not be replaced unseen.
  const pool = new mssql.ConnectionPool({ ...poolConfig, validateConnection: false, pool: { max: 1, min: 1 } } as mssql.config);
  pool.on('error', () => undefined);
  await pool.connect();
  return {
    // A writer that waits on ssd-delta gives up after a minute rather than hanging the suite.
    begin: async () => void (await pool.request().batch('SET LOCK_TIMEOUT 60000; BEGIN TRANSACTION;')),
    async query(sql, params = []) {
      const request = pool.request();
      params.forEach((value, i) => request.input(`p${i + 1}`, typeof value === 'number' ? mssql.BigInt : mssql.NVarChar(mssql.MAX), value));
      await request.query(mssqlText(sql));
    },
    commit: async () => void (await pool.request().batch('COMMIT TRANSACTION')),
    close: () => pool.close().catch(() => undefined),
  };
}
