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
}

/** A transaction event: begin (with its isolation level), commit or rollback. */
export interface TransactionEvent {
  readonly transaction: number;
  readonly event: 'begin' | 'commit' | 'rollback';
  readonly isolation?: string;
}

type Answer = unknown[] | Error | ((request: RecordedRequest) => unknown[] | Error);

const ISOLATION_NAMES = new Map(Object.entries(mssql.ISOLATION_LEVEL).map(([name, value]) => [value, name]));

/** The name a request is known by: its file's header, a generated text's label, or its first words. */
function nameOf(sql: string): string {
  const first = sql.trimStart().split('\n')[0] ?? '';
  const file = /^--\s*([\w-]+\.sql)[\s:(]/.exec(first);
  if (file?.[1]) return file[1];
  const generated = /^--\s*(generated: .*)$/.exec(first);
  if (generated?.[1]) return generated[1].trim();
  return sql.replace(/\s+/g, ' ').trim().slice(0, 60);
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
  const signature = /CREATE\s+(?:OR\s+ALTER\s+)?FUNCTION\s+[\w.]+\s*\(([\s\S]*?)\)\s*RETURNS/i.exec(code)?.[1] ?? '';
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
  private transactions = 0;
  closed = false;

  /** Queues an answer (rows, or an error to throw) for the next request whose name equals or matches `match`. */
  answer(match: string | RegExp, answer: Answer): this {
    this.script.push({ match, answer });
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
    return this.makeRequest(null);
  }

  transaction(): TransactionLike {
    let id: number | null = null;
    const pool = this;
    // A transaction holds one connection, which takes one request at a time: mssql refuses a
    // second while one runs (EREQINPROG), so concurrent callers must queue their requests.
    const busy = { active: false };
    return {
      async begin(isolationLevel?: number) {
        id = ++pool.transactions;
        pool.events.push({ transaction: id, event: 'begin', isolation: ISOLATION_NAMES.get(isolationLevel ?? mssql.ISOLATION_LEVEL.READ_COMMITTED) ?? String(isolationLevel) });
      },
      async commit() {
        if (busy.active) throw Object.assign(new Error("Can't commit transaction. There is a request in progress."), { code: 'EREQINPROG' });
        pool.events.push({ transaction: id ?? 0, event: 'commit' });
      },
      async rollback() {
        // mssql refuses while a request runs: the transaction (and its connection) would stay open.
        if (busy.active) throw Object.assign(new Error("Can't rollback transaction. There is a request in progress."), { code: 'EREQINPROG' });
        pool.events.push({ transaction: id ?? 0, event: 'rollback' });
      },
      request: () => this.makeRequest(id, busy),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private makeRequest(transaction: number | null, connection?: { active: boolean }): RequestLike {
    const params: Array<{ name: string; type: string; value: unknown }> = [];
    return {
      input: (name: string, type: unknown, value: unknown) => {
        params.push({ name, type: declaration(type), value });
      },
      query: async (sql: string) => {
        if (connection?.active) throw Object.assign(new Error("Can't acquire connection for the request. There is another request in progress."), { code: 'EREQINPROG' });
        if (connection) connection.active = true;
        try {
          // The answer comes back later, as a server's does: a request made meanwhile finds the connection busy.
          await new Promise((resolve) => setImmediate(resolve));
          return this.answerRequest(sql, params, transaction);
        } finally {
          if (connection) connection.active = false;
        }
      },
    };
  }

  private answerRequest(sql: string, params: ReadonlyArray<{ name: string; type: string; value: unknown }>, transaction: number | null): { recordset: unknown[]; recordsets: unknown[][] } {
    const recorded: RecordedRequest = { name: nameOf(sql), sql, params, transaction };
    this.requests.push(recorded);
    const used = parametersUsed(sql);
    const bound = new Set(params.map((p) => p.name.toLowerCase()));
    const unbound = [...used].filter((n) => !bound.has(n));
    const unused = [...bound].filter((n) => !used.has(n));
    if (unbound.length || unused.length) {
      throw new Error(`${recorded.name}: parameters used but not bound: [${unbound.join(', ')}]; bound but not used: [${unused.join(', ')}]`);
    }
    const index = this.script.findIndex((s) => (typeof s.match === 'string' ? s.match === recorded.name : s.match.test(recorded.name)));
    if (index < 0) return { recordset: [], recordsets: [[]] };
    const [entry] = this.script.splice(index, 1);
    const answer = typeof entry?.answer === 'function' ? entry.answer(recorded) : entry?.answer;
    if (answer instanceof Error) throw answer;
    return { recordset: answer ?? [], recordsets: [answer ?? []] };
  }
}

/** An error shaped like mssql's RequestError for SQL Server error `number`. */
export function sqlServerError(number: number, message = `error ${number}`): Error {
  return Object.assign(new Error(message), { name: 'RequestError', number, code: 'EREQUEST' });
}
