/**
 * The SQL runner: what the stores in src/source/stores ask of a dialect. A store names a SQL
 * file (sql/<dialect>/queries/<name>.sql, one per dialect with the same name and the same
 * `@name` parameters) and gives typed values; the dialect's runner binds them (Postgres turns
 * `@name` into `$n`, SQL Server declares each with its SQL Server type) and says what a
 * dialect's errors mean. The stores are then written once: the sequence of statements, what
 * goes into them and what comes out are the same on both dialects.
 */

/** The kinds of value a statement binds; each dialect maps them to its own types. */
export type SqlParamType =
  | 'text' // any text (NVARCHAR(MAX) on SQL Server)
  | 'key' // a short text compared with an indexed column (NVARCHAR(450): MAX would prevent a seek)
  | 'stream' // a stream name (VARCHAR(63), as the columns it is compared with)
  | 'int'
  | 'bigint'
  | 'bit'
  | 'uuid'
  | 'datetime'
  | 'date'
  | 'list' // an array of texts: a text[] on Postgres, a JSON array on SQL Server (OPENJSON)
  | 'json'; // any JSON value, sent as one text (jsonb on Postgres, OPENJSON on SQL Server)

/** A typed value. */
export interface SqlParam {
  readonly type: SqlParamType;
  readonly value: unknown;
}

/** Named parameters: `@name` in the SQL file. A dialect's file may leave one unused. */
export type SqlParams = Readonly<Record<string, SqlParam>>;

/** Typed parameter builders: every value goes in bound, never into SQL text. */
export const param = {
  /** Any text, a JSON document. */
  text: (value: string | null): SqlParam => ({ type: 'text', value }),
  /** A short text compared with an indexed column (an id, an outcome). */
  key: (value: string | null): SqlParam => ({ type: 'key', value }),
  /** A stream name. */
  stream: (value: string): SqlParam => ({ type: 'stream', value }),
  int: (value: number | null): SqlParam => ({ type: 'int', value }),
  bigint: (value: string | number | null): SqlParam => ({ type: 'bigint', value }),
  bit: (value: boolean): SqlParam => ({ type: 'bit', value }),
  uuid: (value: string): SqlParam => ({ type: 'uuid', value }),
  /** An instant (a string is read as an ISO 8601 instant). */
  datetime: (value: Date | string | null): SqlParam => ({ type: 'datetime', value: typeof value === 'string' ? new Date(value) : value }),
  /** A day, `YYYY-MM-DD`. */
  date: (value: string | null): SqlParam => ({ type: 'date', value }),
  /** A list of texts (ids, stream names, keys). */
  list: (values: readonly (string | null)[]): SqlParam => ({ type: 'list', value: values }),
  /** A JSON value: rows as an array of objects, read in SQL as a table. */
  json: (value: unknown): SqlParam => ({ type: 'json', value }),
} as const;

/** Runs a dialect's named SQL files. */
export interface SqlStatements {
  /** Runs sql/<dialect>/queries/`query`.sql with `params` bound and returns its first result's rows. */
  run<R = Record<string, unknown>>(query: string, params?: SqlParams): Promise<R[]>;
  /**
   * Runs a statement the dialect generated (from the stream definitions: its stream-sql.ts),
   * `@name` parameters as in a file, and returns its first result's rows.
   */
  runSql<R = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<R[]>;
  /** Runs a script of several statements without parameters (a migration, DDL), as the dialect splits it. */
  script(sql: string): Promise<void>;
}

/** A dialect's runner: statements, transactions, and what its errors mean. */
export interface SqlRunner extends SqlStatements {
  readonly dialect: 'postgres' | 'mssql';
  /** Where the data lives, without secrets (for messages). */
  readonly description: string;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. `fn`
   * must only run statements: SQL Server runs a deadlock victim's transaction again from the start.
   */
  transaction<T>(fn: (tx: SqlStatements) => Promise<T>): Promise<T>;
  /** The unique constraint or index a failed write violated, or null for any other error. */
  uniqueViolation(error: unknown): string | null;
  /** True when the database refused a statement for want of a permission (the login may not read a table). */
  permissionDenied(error: unknown): boolean;
}
