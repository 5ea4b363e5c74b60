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
  /**
   * Runs `fn` with reads that all see one snapshot of the database (a REPEATABLE READ, READ
   * ONLY transaction on a connection of its own), while writes go on through this connection's
   * other methods. A marking cycle reads its change feed and every SSD row it builds from here,
   * so it never builds from a table state its feed has not read.
   */
  snapshot<T>(fn: (reads: PgQueryable) => Promise<T>): Promise<T>;
  /** Where it points, without secrets. */
  readonly description: string;
  /** True for the embedded database (one connection, no concurrency). */
  readonly embedded: boolean;
  close(): Promise<void>;
}
