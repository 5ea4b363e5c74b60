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
  readonly dialect: 'postgres' | 'mssql';
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
    dialect: 'postgres',
    ...(url === undefined ? {} : { session: () => postgresSession(url) }),
    query: (sql, params = []) => connection.query(sql, params),
    exec: (sql) => connection.exec(sql),
    list: (values) => literalList(values.map(quote)),
    earlier: (column, seconds) => `${column} - interval '${seconds} seconds'`,
    ago: (seconds) => `now() - interval '${seconds} seconds'`,
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
    dialect: 'mssql',
    query: (sql, params = []) => connection.query(mssqlText(sql), bind(params)),
    session: () => mssqlSession(poolConfig),
    exec: (sql) => connection.exec(sql),
    list: (values) => literalList(values.map((v) => `N${quote(v)}`)),
    earlier: (column, seconds) => `DATEADD(SECOND, ${-seconds}, ${column})`,
    ago: (seconds) => `DATEADD(SECOND, ${-seconds}, SYSUTCDATETIME())`,
    currentSchema: 'SCHEMA_NAME()',
    jsonArrayOf: (column) => `N'[' + ${column} + N']'`,
    // The SSD's text columns allow NULL; ALTER COLUMN without NULL would make this one NOT NULL.
    widenToText: (table, column) => connection.exec(`ALTER TABLE ${table} ALTER COLUMN ${column} NVARCHAR(MAX) NULL`),
    async allowNullKey(table, column) {
      // T-SQL has no DROP NOT NULL: the column is altered to its own type, NULL allowed.
      await connection.query(
        `DECLARE @pk sysname, @type nvarchar(200);
         SELECT @pk = name FROM sys.key_constraints WHERE parent_object_id = OBJECT_ID(@table) AND type = 'PK';
         IF @pk IS NOT NULL EXEC (N'ALTER TABLE ' + @table + N' DROP CONSTRAINT ' + QUOTENAME(@pk));
         SELECT @type = TYPE_NAME(c.user_type_id)
                + CASE WHEN TYPE_NAME(c.user_type_id) IN (N'nvarchar', N'nchar') THEN N'(' + IIF(c.max_length = -1, N'MAX', CAST(c.max_length / 2 AS nvarchar(10))) + N')'
                       WHEN TYPE_NAME(c.user_type_id) IN (N'varchar', N'char') THEN N'(' + IIF(c.max_length = -1, N'MAX', CAST(c.max_length AS nvarchar(10))) + N')'
                       ELSE N'' END
                + IIF(c.collation_name IS NULL, N'', N' COLLATE ' + c.collation_name)
           FROM sys.columns AS c WHERE c.object_id = OBJECT_ID(@table) AND c.name = @column;
         EXEC (N'ALTER TABLE ' + @table + N' ALTER COLUMN ' + QUOTENAME(@column) + N' ' + @type + N' NULL');`,
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
  const pool = new mssql.ConnectionPool({ ...poolConfig, pool: { max: 1, min: 1 } });
  pool.on('error', () => undefined);
  await pool.connect();
  return {
    begin: async () => void (await pool.request().batch('BEGIN TRANSACTION')),
    async query(sql, params = []) {
      const request = pool.request();
      params.forEach((value, i) => request.input(`p${i + 1}`, typeof value === 'number' ? mssql.BigInt : mssql.NVarChar(mssql.MAX), value));
      await request.query(mssqlText(sql));
    },
    commit: async () => void (await pool.request().batch('COMMIT TRANSACTION')),
    close: () => pool.close().catch(() => undefined),
  };
}
