import mssql from 'mssql';
import type { PoolLike, RequestLike, TransactionLike } from '../../src/source/mssql/mssql-connection.js';

/** One request the fake pool received. */
export interface RecordedRequest {
  /** What ran: the SQL file (`claim-batch.sql`), a generated text (`generated: fetch-rows ssd_person`) or the first words. */
  readonly name: string;
  readonly sql: string;
  /** Bound parameters with their declared SQL Server types (`nvarchar(max)`, `int`, ...). */
  readonly params: ReadonlyArray<{ readonly name: string; readonly type: string; readonly value: unknown }>;
  /** The transaction it ran in (1, 2, ... in order of BEGIN), or null outside one. */
  readonly transaction: number | null;
  /** The pooled connection (session) it ran on: 1, 2, ... in order of opening. */
  readonly session: number;
  /** The isolation level it ran under: the session's, or one its own text set first. */
  readonly isolation: string;
  /** Sent as a batch (Request.batch: the text itself), not through sp_executesql (Request.query). */
  readonly batch: boolean;
}

/** A transaction event: begin (with its isolation level), commit or rollback (by the client, or by the server: `byServer`). */
export interface TransactionEvent {
  readonly transaction: number;
  readonly event: 'begin' | 'commit' | 'rollback';
  readonly isolation?: string;
  readonly byServer?: true;
}

/**
 * One pooled connection's session state as SQL Server keeps it: the isolation level lasts
 * until something sets another. mssql's pool never resets a session (no sp_reset_connection),
 * so what one borrower leaves, the next one gets.
 */
interface Session {
  readonly id: number;
  isolation: string;
}

/** Errors after which SQL Server has already rolled the transaction back (mssql then releases its connection as it is). */
const ABORTING = new Set([1205, 3960, 3961]);

type Answer = unknown[] | Error | ((request: RecordedRequest) => unknown[] | Error);

const ISOLATION_NAMES = new Map(Object.entries(mssql.ISOLATION_LEVEL).map(([name, value]) => [value, name]));

/** `SET TRANSACTION ISOLATION LEVEL x` in a text: the level it sets (the last one), or null. */
function isolationSet(sql: string): string | null {
  const all = [...sql.replace(/--[^\n]*/g, '').matchAll(/SET\s+TRANSACTION\s+ISOLATION\s+LEVEL\s+(READ\s+COMMITTED|READ\s+UNCOMMITTED|REPEATABLE\s+READ|SERIALIZABLE|SNAPSHOT)/gi)];
  const level = all.at(-1)?.[1];
  return level ? level.toUpperCase().replace(/\s+/g, '_') : null;
}

/** The name a request is known by: its file's header, a generated text's label, or its first words (SET lines in front skipped). */
function nameOf(sql: string): string {
  const lines = sql.trimStart().split('\n');
  while (lines.length > 1 && /^SET\s[^;]*;\s*$/i.test(lines[0] ?? '')) lines.shift();
  const first = lines[0] ?? '';
  const file = /^--\s*([\w-]+\.sql)[\s:(]/.exec(first);
  if (file?.[1]) return file[1];
  const generated = /^--\s*(generated: .*)$/.exec(first);
  if (generated?.[1]) return generated[1].trim();
  return lines.join('\n').replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** The SQL Server type a parameter was declared with, from mssql's type object. */
function declaration(type: unknown): string {
  const t = type as { type?: { declaration?: string }; declaration?: string; length?: number; scale?: number };
  const name = t.type?.declaration ?? t.declaration ?? 'unknown';
  // A bare type (mssql.Int) is a function, whose own `length` is its arity, not a size.
  if (typeof type === 'object' && t.length !== undefined) return `${name}(${t.length === mssql.MAX ? 'max' : t.length})`;
  return name;
}

/** Named arguments of the system procedures ssd-delta calls (sp_getapplock): not parameters. */
const PROCEDURE_ARGUMENTS = new Set(['resource', 'lockmode', 'lockowner', 'locktimeout', 'dbprincipal']);

/** `@name` tokens a batch uses that it does not DECLARE itself (those must be bound). */
export function parametersUsed(sql: string): Set<string> {
  const code = sql.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
  const declared = new Set([...code.matchAll(/DECLARE\s+@(\w+)/gi)].map((m) => m[1]?.toLowerCase()));
  // A function's own parameters are declared in its signature.
  const signature = /CREATE\s+(?:OR\s+ALTER\s+)?FUNCTION\s+[\w.[\]]+\s*\(([\s\S]*?)\)\s*RETURNS/i.exec(code)?.[1] ?? '';
  for (const m of signature.matchAll(/@(\w+)/g)) declared.add(m[1]?.toLowerCase());
  return new Set(
    [...code.matchAll(/(?<!@)@(\w+)/g)].map((m) => m[1]?.toLowerCase() ?? '').filter((n) => n && !declared.has(n) && !PROCEDURE_ARGUMENTS.has(n)),
  );
}

/**
 * A scripted stand-in for mssql's ConnectionPool (no SQL Server can run in CI). It records
 * every request with its SQL, typed parameters and transaction, and answers from a script:
 * `answer(name, rows)` queues an answer for the next request with that name (or matching that
 * pattern); unscripted requests get no rows. It fails a request that uses a parameter it was
 * not given or is given one it does not use, so a value concatenated into SQL text, or a
 * misspelt name, shows up here rather than on an LA's server.
 */
export class FakeMssqlPool implements PoolLike {
  readonly requests: RecordedRequest[] = [];
  readonly events: TransactionEvent[] = [];
  private readonly script: Array<{ match: string | RegExp; answer: Answer }> = [];
  private otherwise: ((request: RecordedRequest) => unknown[] | Error) | null = null;
  private transactions = 0;
  private readonly idle: Session[] = [];
  private sessions = 0;
  closed = false;
  /**
   * ALLOW_SNAPSHOT_ISOLATION of the database (on, as `init` leaves it, unless a test turns it
   * off): when off, sys.databases says 0 and a statement run under SNAPSHOT fails with 3952, as
   * SQL Server fails the first statement of a SNAPSHOT transaction that reads the database.
   */
  snapshotIsolation = true;

  /** Queues an answer (rows, or an error to throw) for the next request whose name equals or matches `match`. */
  answer(match: string | RegExp, answer: Answer): this {
    this.script.push({ match, answer });
    return this;
  }

  /**
   * Answers every request no scripted answer matches (instead of no rows): a model of a database
   * (test/helpers/mssql-catalog-model.ts) answering from its state.
   */
  otherwiseAnswer(answer: (request: RecordedRequest) => unknown[] | Error): this {
    this.otherwise = answer;
    return this;
  }

  /** The names of the requests received, in order. */
  names(): string[] {
    return this.requests.map((r) => r.name);
  }

  /** The last request with this name. */
  last(name: string): RecordedRequest {
    const found = [...this.requests].reverse().find((r) => r.name === name);
    if (!found) throw new Error(`no request named ${name}; got ${this.names().join(', ')}`);
    return found;
  }

  request(): RequestLike {
    return this.makeRequest(() => ({ transaction: null, session: this.acquire(), release: (session) => this.idle.push(session) }));
  }

  transaction(): TransactionLike {
    const pool = this;
    // A transaction holds one connection, which takes one request at a time: mssql refuses a
    // second while one runs (EREQINPROG), so concurrent callers must queue their requests.
    const state: { id: number; session: Session | null; active: boolean; aborted: boolean } = { id: 0, session: null, active: false, aborted: false };
    const end = (event: 'commit' | 'rollback'): void => {
      if (state.aborted) throw Object.assign(new Error('Transaction has been aborted.'), { code: 'EABORT' });
      if (state.active) throw Object.assign(new Error(`Can't ${event} transaction. There is a request in progress.`), { code: 'EREQINPROG' });
      pool.events.push({ transaction: state.id, event });
      if (state.session) pool.idle.push(state.session);
      state.session = null;
    };
    return {
      async begin(isolationLevel?: number) {
        state.id = ++pool.transactions;
        state.session = pool.acquire();
        const isolation = ISOLATION_NAMES.get(isolationLevel ?? mssql.ISOLATION_LEVEL.READ_COMMITTED) ?? String(isolationLevel);
        // tedious begins with a TDS transaction-manager request carrying the level: the session keeps it.
        state.session.isolation = isolation;
        pool.events.push({ transaction: state.id, event: 'begin', isolation });
      },
      async commit() {
        end('commit');
      },
      async rollback() {
        // mssql refuses while a request runs: the transaction (and its connection) would stay open.
        end('rollback');
      },
      request: () =>
        pool.makeRequest(() => {
          if (state.aborted || !state.session) throw Object.assign(new Error('Transaction has been aborted.'), { code: 'EABORT' });
          if (state.active) throw Object.assign(new Error("Can't acquire connection for the request. There is another request in progress."), { code: 'EREQINPROG' });
          state.active = true;
          return {
            transaction: state.id,
            session: state.session,
            release: () => {
              state.active = false;
            },
            abort: () => {
              // The server rolled back; mssql hands the connection back to the pool as it is, unreset.
              state.aborted = true;
              pool.events.push({ transaction: state.id, event: 'rollback', byServer: true });
              if (state.session) pool.idle.push(state.session);
              state.session = null;
            },
          };
        }),
    };
  }

  /** The most recently returned idle connection (so a test sees what the last borrower left), or a new one. */
  private acquire(): Session {
    return this.idle.pop() ?? { id: ++this.sessions, isolation: 'READ_COMMITTED' };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private makeRequest(borrow: () => { transaction: number | null; session: Session; release: (session: Session) => void; abort?: () => void }): RequestLike {
    const params: Array<{ name: string; type: string; value: unknown }> = [];
    const send = async (sql: string, asBatch: boolean) => {
      const on = borrow();
      try {
        // The answer comes back later, as a server's does: a request made meanwhile finds the connection busy.
        await new Promise((resolve) => setImmediate(resolve));
        // sp_executesql (Request.query) runs the text as a nested batch: a SET in it ends with it.
        // A batch (Request.batch) runs in the session itself: its SET stays with the connection.
        const set = isolationSet(sql);
        const isolation = set ?? on.session.isolation;
        if (set && asBatch) on.session.isolation = set;
        try {
          return this.answerRequest(sql, params, on.transaction, on.session.id, isolation, asBatch);
        } catch (error) {
          const n = (error as { number?: unknown }).number;
          if (on.abort && typeof n === 'number' && ABORTING.has(n)) on.abort();
          throw error;
        }
      } finally {
        on.release(on.session);
      }
    };
    return {
      input: (name: string, type: unknown, value: unknown) => {
        params.push({ name, type: declaration(type), value });
      },
      query: (sql: string) => send(sql, false),
      batch: (sql: string) => send(sql, true),
    };
  }

  private answerRequest(sql: string, params: ReadonlyArray<{ name: string; type: string; value: unknown }>, transaction: number | null, session: number, isolation: string, batch: boolean): { recordset: unknown[]; recordsets: unknown[][] } {
    const recorded: RecordedRequest = { name: nameOf(sql), sql, params, transaction, session, isolation, batch };
    this.requests.push(recorded);
    const used = parametersUsed(sql);
    const bound = new Set(params.map((p) => p.name.toLowerCase()));
    const unbound = [...used].filter((n) => !bound.has(n));
    const unused = [...bound].filter((n) => !used.has(n));
    if (unbound.length || unused.length) {
      throw new Error(`${recorded.name}: parameters used but not bound: [${unbound.join(', ')}]; bound but not used: [${unused.join(', ')}]`);
    }
    if (isolation === 'SNAPSHOT' && !this.snapshotIsolation && /\b(FROM|JOIN|CHANGETABLE)\b/i.test(sql)) {
      throw sqlServerError(3952, "Snapshot isolation transaction failed accessing database 'ssd' because snapshot isolation is not allowed in this database. Use ALTER DATABASE to allow snapshot isolation.");
    }
    const index = this.script.findIndex((s) => (typeof s.match === 'string' ? s.match === recorded.name : s.match.test(recorded.name)));
    if (index < 0 && this.otherwise) {
      const answer = this.otherwise(recorded);
      if (answer instanceof Error) throw answer;
      return this.rows(answer);
    }
    if (index < 0 && /\bsnapshot_isolation_state\b/.test(sql)) return this.rows([{ state: this.snapshotIsolation ? 1 : 0, compatibility: 130 }]);
    if (index < 0) return { recordset: [], recordsets: [[]] };
    const [entry] = this.script.splice(index, 1);
    const answer = typeof entry?.answer === 'function' ? entry.answer(recorded) : entry?.answer;
    if (answer instanceof Error) throw answer;
    return this.rows(answer ?? []);
  }

  private rows(rows: unknown[]): { recordset: unknown[]; recordsets: unknown[][] } {
    return { recordset: rows, recordsets: [rows] };
  }
}

/** An error shaped like mssql's RequestError for SQL Server error `number`. */
export function sqlServerError(number: number, message = `error ${number}`): Error {
  return Object.assign(new Error(message), { name: 'RequestError', number, code: 'EREQUEST' });
}
