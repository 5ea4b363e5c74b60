import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import type { SqlParam, SqlParams, SqlRunner, SqlStatements } from '../sql-runner.js';
import type { PgConnection, PgQueryable } from './pg-connection.js';

/** A SQL file's text with `@name` placeholders turned into `$1`, `$2`, ... and the names in that order. */
export interface PositionalSql {
  readonly text: string;
  readonly names: readonly string[];
}

/** Where the quoted text or comment opening at `i` ends (just past it), or -1 when none opens there. */
function skipQuoted(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === '-' && next === '-') {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end;
  }
  if (c === '/' && next === '*') {
    // Postgres nests block comments.
    let depth = 0;
    for (let j = i; j < sql.length - 1; j++) {
      if (sql[j] === '/' && sql[j + 1] === '*') (depth++, j++);
      else if (sql[j] === '*' && sql[j + 1] === '/' && (j++, --depth === 0)) return j + 1;
    }
    return sql.length;
  }
  if (c === '$' && !/\w/.test(sql[i - 1] ?? '')) {
    // A dollar-quoted string: $$...$$ or $tag$...$tag$ (a $n parameter is not one; $ inside an identifier neither).
    const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i))?.[0];
    if (tag === undefined) return -1;
    const end = sql.indexOf(tag, i + tag.length);
    return end === -1 ? sql.length : end + tag.length;
  }
  if (c === "'" || c === '"') {
    // E'...' takes backslash escapes; in any quote a doubled quote continues it.
    const escapes = c === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/[\w]/.test(sql[i - 2] ?? '');
    for (let j = i + 1; j < sql.length; j++) {
      if (escapes && sql[j] === '\\') j++;
      else if (sql[j] === c) {
        if (sql[j + 1] === c) j++;
        else return j + 1;
      }
    }
    return sql.length;
  }
  return -1;
}

/**
 * Turns the `@name` parameters of a Postgres statement into `$n` (one number per name, the same
 * for every use), leaving alone what is inside quotes (E'', dollar quotes) and comments. `@`
 * followed by a letter is never Postgres syntax (its `@` operators are followed by `>`, `@`, a
 * space or a digit). A `$n` of its own is refused: it would collide with the numbering.
 */
export function positionalSql(sql: string): PositionalSql {
  const names: string[] = [];
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const skipped = skipQuoted(sql, i);
    if (skipped !== -1) {
      text += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    if (c === '$' && /\d/.test(sql[i + 1] ?? '') && !/\w/.test(sql[i - 1] ?? '')) throw new Error(`a positional parameter (${sql.slice(i, i + 3)}) in SQL that takes @names: write @name`);
    if (c === '@' && /[a-z_]/i.test(sql[i + 1] ?? '') && !/[\w@]/.test(sql[i - 1] ?? '')) {
      const name = /^[a-z_][a-z0-9_]*/i.exec(sql.slice(i + 1))![0];
      let n = names.indexOf(name);
      if (n === -1) n = names.push(name) - 1;
      text += `$${n + 1}`;
      i += 1 + name.length;
      continue;
    }
    text += c;
    i += 1;
  }
  return { text, names };
}

/** A value as node-postgres and PGlite take it (the SQL casts it: `@ids::text[]`, `@rows::jsonb`). */
function pgValue(p: SqlParam): unknown {
  if (p.value === null || p.value === undefined) return null;
  switch (p.type) {
    case 'json': return JSON.stringify(p.value);
    case 'datetime': return (p.value as Date).toISOString();
    default: return p.value;
  }
}

/** What a generated statement is, from its `-- generated:` first line (reach-sql.ts), or its first words. */
function generatedName(sql: string): string {
  const named = /^-- generated: ([^\n]+)/.exec(sql);
  return `generated SQL (${named ? named[1] : `${sql.slice(0, 60)}...`})`;
}

/** Statements' texts (files with their names in place, generated SQL) compiled by positionalSql. */
const compiled = new Map<string, PositionalSql>();

/** Statements run through `db`, SQL files read from sql/postgres/queries with `names`. */
export function postgresStatements(db: PgQueryable, names: SqlNames): SqlStatements {
  const runText = async <R>(text: string, params: SqlParams, what: string): Promise<R[]> => {
    let sql = compiled.get(text);
    if (sql === undefined) compiled.set(text, (sql = positionalSql(text)));
    const values = sql.names.map((name) => {
      const p = params[name];
      if (p === undefined) throw new Error(`${what}: no value given for @${name}`);
      return pgValue(p);
    });
    return db.query<R>(sql.text, values);
  };
  return {
    run: (query, params = {}) => runText(sqlFile('postgres', `queries/${query}.sql`, names), params, `sql/postgres/queries/${query}.sql`),
    runSql: (sql, params = {}) => runText(sql, params, generatedName(sql)),
    script: (sql) => db.exec(sql),
  };
}

/** The SQL runner on Postgres (PGlite or a server). */
export function postgresRunner(db: PgConnection, names: SqlNames): SqlRunner {
  return {
    dialect: 'postgres',
    description: db.description,
    ...postgresStatements(db, names),
    transaction: (fn) => db.transaction((tx) => fn(postgresStatements(tx, names))),
    uniqueViolation(error) {
      const { code, constraint } = error as { code?: unknown; constraint?: unknown };
      return code === '23505' && typeof constraint === 'string' ? constraint : null;
    },
    // insufficient_privilege
    permissionDenied: (error) => (error as { code?: unknown } | null)?.code === '42501',
  };
}
