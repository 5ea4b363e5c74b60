import type { PgConnection, PgQueryable } from '../src/source/postgres/pg-connection.js';

/** Statements sent through a connection, and their time, by statement (its SQL file, or its first words). */
export interface StatementMeter {
  readonly db: PgConnection;
  /** Statements sent since the last reset, by name: count and milliseconds. */
  take(): Map<string, { count: number; ms: number }>;
}

function nameOf(sql: string): string {
  const file = /^--\s*([\w-]+\.sql)/.exec(sql);
  if (file) return file[1]!;
  // Generated statements name themselves (src/source/reach-sql.ts): `-- generated: fetch-rows ssd_person`.
  const generated = /^-- generated: ([^\n]+)/.exec(sql);
  if (generated) return generated[1]!;
  return sql.replace(/\s+/g, ' ').trim().slice(0, 70);
}

/** Wraps a Postgres connection so that every statement sent through it, inside transactions and snapshots too, is counted and timed (not the BEGIN and COMMIT the connection adds around them). */
export function meterStatements(inner: PgConnection): StatementMeter {
  let seen = new Map<string, { count: number; ms: number }>();
  const note = (sql: string, ms: number): void => {
    const key = nameOf(sql);
    const s = seen.get(key) ?? { count: 0, ms: 0 };
    s.count += 1;
    s.ms += ms;
    seen.set(key, s);
  };
  const wrap = (q: PgQueryable): PgQueryable => ({
    async query(sql, params) {
      const t = performance.now();
      try { return await q.query(sql, params); } finally { note(sql, performance.now() - t); }
    },
    async exec(sql) {
      const t = performance.now();
      try { await q.exec(sql); } finally { note(sql, performance.now() - t); }
    },
  }) as PgQueryable;
  const outer = wrap(inner);
  const db: PgConnection = {
    query: outer.query,
    exec: outer.exec,
    transaction: (fn) => inner.transaction((tx) => fn(wrap(tx))),
    snapshot: (fn) => inner.snapshot((reads) => fn(wrap(reads))),
    get description() { return inner.description; },
    get embedded() { return inner.embedded; },
    close: () => inner.close(),
  };
  return { db, take: () => { const out = seen; seen = new Map(); return out; } };
}
