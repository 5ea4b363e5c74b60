import { readFileSync } from 'node:fs';
import type { SsdRow, SsdValue } from '../../src/source/ssd-row.js';
import type { SsdWriter } from '../../src/source/ssd-writer.js';

/** Columns and primary key of one table, as declared in the seed DDL. */
export interface DdlTable {
  /** Column names in declaration order. */
  readonly columns: readonly string[];
  /** Primary-key columns. */
  readonly key: readonly string[];
  /** Columns declared NOT NULL. */
  readonly notNull: readonly string[];
}

/**
 * Parses sql/<dialect>/ssd/create-ssd-tables.sql into table -> columns and key. Deliberately
 * simple (one column per line, as those files are written): a parse that finds no table fails
 * the tests that use it loudly.
 */
export function readSsdDdl(dialect: 'postgres' | 'mssql' = 'postgres'): Map<string, DdlTable> {
  const sql = readFileSync(new URL(`../../sql/${dialect}/ssd/create-ssd-tables.sql`, import.meta.url), 'utf8');
  const tables = new Map<string, DdlTable>();
  for (const match of sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(?:\{\{ssd_schema\}\}\.)?(\w+) \(([\s\S]*?)\n\s*\);/g)) {
    const [, name = '', body = ''] = match;
    const columns: string[] = [];
    const notNull: string[] = [];
    let key: string[] = [];
    for (const line of body.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const pk = /^PRIMARY KEY \(([^)]*)\)/.exec(line);
      if (pk) key = (pk[1] ?? '').split(',').map((c) => c.trim());
      else {
        const column = /^(\w+)\s/.exec(line)?.[1];
        if (column === undefined) throw new Error(`unparsed DDL line in ${name}: ${line}`);
        columns.push(column);
        if (/NOT NULL/i.test(line)) notNull.push(column);
      }
    }
    tables.set(name, { columns, key, notNull });
  }
  return tables;
}

/** One call made on the writer, for assertions about what a caller did. */
export interface MemoryWriteCall {
  readonly op: 'insert' | 'update' | 'delete' | 'truncate';
  readonly table: string;
  readonly rows: readonly SsdRow[];
}

type MutableRow = Record<string, SsdValue>;

/**
 * An in-memory SsdWriter for unit tests (one Map per table, keyed by primary key). It is
 * stricter than needed on purpose, so that simulator bugs fail tests: unknown tables or
 * columns throw, a duplicate or null primary key throws (as Postgres would), and writing
 * before createSsdTables throws. Every write is recorded in `calls`.
 */
export class MemorySsdWriter implements SsdWriter {
  /** Every write, in order. */
  readonly calls: MemoryWriteCall[] = [];
  private readonly data = new Map<string, Map<string, MutableRow>>();

  constructor(private readonly ddl: Map<string, DdlTable> = readSsdDdl()) {}

  /** Nothing to analyse in memory. */
  async analyze(): Promise<void> {}

  async createSsdTables(): Promise<void> {
    for (const name of this.ddl.keys()) if (!this.data.has(name)) this.data.set(name, new Map());
  }

  async insertRows(table: string, rows: readonly SsdRow[]): Promise<void> {
    const { schema, store } = this.table(table);
    for (const row of rows) {
      this.checkColumns(table, schema, row);
      const full: MutableRow = {};
      for (const column of schema.columns) full[column] = row[column] ?? null;
      for (const column of schema.notNull) {
        if (full[column] === null) throw new Error(`${table}.${column} is NOT NULL`);
      }
      const key = keyOf(schema.key, full);
      if (store.has(key)) throw new Error(`duplicate key ${key} in ${table}`);
      store.set(key, full);
    }
    this.calls.push({ op: 'insert', table, rows });
  }

  async updateRows(table: string, keyColumns: readonly string[], rows: readonly SsdRow[]): Promise<void> {
    const { schema } = this.table(table);
    for (const row of rows) {
      this.checkColumns(table, schema, row);
      for (const target of this.matching(table, keyColumns, row)) {
        for (const [column, value] of Object.entries(row)) if (!keyColumns.includes(column)) target[column] = value;
      }
    }
    this.calls.push({ op: 'update', table, rows });
  }

  async deleteRows(table: string, keyColumns: readonly string[], keys: readonly SsdRow[]): Promise<void> {
    const { schema, store } = this.table(table);
    for (const key of keys) {
      for (const target of this.matching(table, keyColumns, key)) store.delete(keyOf(schema.key, target));
    }
    this.calls.push({ op: 'delete', table, rows: keys });
  }

  async truncate(table: string): Promise<void> {
    this.table(table).store.clear();
    this.calls.push({ op: 'truncate', table, rows: [] });
  }

  async sampleRows(
    table: string, count: number, seed: number, filter?: { column: string; values: readonly string[] },
  ): Promise<SsdRow[]> {
    const { schema, store } = this.table(table);
    if (filter !== undefined && !schema.columns.includes(filter.column)) throw new Error(`unknown column ${table}.${filter.column}`);
    const wanted = filter === undefined ? null : new Set(filter.values);
    const candidates: { rank: number; key: string; row: MutableRow }[] = [];
    for (const [key, row] of store) {
      if (wanted !== null && !wanted.has(String(row[filter?.column ?? '']))) continue;
      candidates.push({ rank: fnv1a(`${seed}|${key}`), key, row });
    }
    candidates.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : 1));
    return candidates.slice(0, Math.max(0, count)).map((c) => ({ ...c.row }));
  }

  async countRows(table: string): Promise<number> {
    return this.table(table).store.size;
  }

  /** A copy of every row of a table, in key order (for assertions). */
  rows(table: string): SsdRow[] {
    return [...this.table(table).store.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => ({ ...row }));
  }

  /** The row with this primary key (values joined by '|'), or undefined. */
  find(table: string, ...key: string[]): SsdRow | undefined {
    const row = this.table(table).store.get(key.join('|'));
    return row === undefined ? undefined : { ...row };
  }

  private table(table: string): { schema: DdlTable; store: Map<string, MutableRow> } {
    const schema = this.ddl.get(table);
    if (schema === undefined) throw new Error(`unknown SSD table ${table}`);
    const store = this.data.get(table);
    if (store === undefined) throw new Error(`table ${table} not created (call createSsdTables first)`);
    return { schema, store };
  }

  private checkColumns(table: string, schema: DdlTable, row: SsdRow): void {
    for (const column of Object.keys(row)) {
      if (!schema.columns.includes(column)) throw new Error(`unknown column ${table}.${column}`);
    }
  }

  private matching(table: string, keyColumns: readonly string[], row: SsdRow): MutableRow[] {
    const { schema, store } = this.table(table);
    if (keyColumns.length === 0) throw new Error(`no key columns for ${table}`);
    if (keyColumns.join('|') === schema.key.join('|')) {
      const hit = store.get(keyOf(keyColumns, row));
      return hit === undefined ? [] : [hit];
    }
    return [...store.values()].filter((candidate) => keyColumns.every((c) => candidate[c] === row[c]));
  }
}

function keyOf(columns: readonly string[], row: SsdRow): string {
  return columns.map((c) => {
    const value = row[c];
    if (value === null || value === undefined) throw new Error(`key column ${c} is null`);
    return String(value);
  }).join('|');
}

/** FNV-1a 32-bit: a cheap, stable hash for the deterministic sample order. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
