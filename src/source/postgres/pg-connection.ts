/**
 * The little the Postgres adapter needs from a connection, met by both PGlite (embedded) and
 * a `pg` pool (server): parameterised queries, multi-statement scripts and transactions.
 */
export interface PgQueryable {
  /** Runs one parameterised statement and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

/** A connection (or pool) with transactions. */
export interface PgConnection extends PgQueryable {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: PgQueryable) => Promise<T>): Promise<T>;
  /** Where it points, without secrets. */
  readonly description: string;
  /** True for the embedded database (one connection, no concurrency). */
  readonly embedded: boolean;
  close(): Promise<void>;
}
