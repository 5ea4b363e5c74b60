import { columnNames, groupByColumns, type SsdRow } from '../ssd-row.js';
import type { SsdWriter } from '../ssd-writer.js';
import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import { param, type MssqlConnection } from './mssql-connection.js';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

interface ColumnType {
  name: string;
  type: string;
}

/** A column's declared type as OPENJSON's WITH clause takes it (`nvarchar(48)`, `datetime2(0)`, `int`). */
function declared(c: { name: string; data_type: string; max_length: number | null; scale: number | null }): string {
  if (/char$/.test(c.data_type)) return `${c.data_type}(${c.max_length === -1 ? 'max' : c.max_length})`;
  if (c.data_type === 'datetime2') return `datetime2(${c.scale ?? 7})`;
  return c.data_type;
}

/**
 * Writes SSD tables on SQL Server for the seed, the simulator and the live test suite. Rows
 * travel as one JSON parameter per statement (OPENJSON ... WITH), typed from the table's own
 * columns; names are checked against the stream definitions' tables and the table's columns.
 */
export function mssqlSsdWriter(db: MssqlConnection, sqlNames: SqlNames, knownTables: ReadonlySet<string>): SsdWriter {
  const q = (table: string): string => sqlNames.ssd(table);
  const types = new Map<string, ColumnType[]>();
  const checkTable = (table: string): void => {
    if (!knownTables.has(table)) throw new Error(`not an SSD table ssd-delta knows: ${table}`);
  };
  const columnsOf = async (table: string): Promise<ColumnType[]> => {
    checkTable(table);
    let cols = types.get(table);
    if (!cols) {
      const rows = await db.query<{ name: string; data_type: string; max_length: number | null; scale: number | null }>(
        `SELECT COLUMN_NAME AS name, DATA_TYPE AS data_type, CHARACTER_MAXIMUM_LENGTH AS max_length, DATETIME_PRECISION AS scale
           FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = @table AND TABLE_SCHEMA = @schema ORDER BY ORDINAL_POSITION`,
        { table: param.key(table), schema: param.key(sqlNames.ssdSchema) },
      );
      cols = rows.map((r) => ({ name: r.name, type: declared(r) }));
      types.set(table, cols);
    }
    return cols;
  };
  const withClause = async (table: string, names: readonly string[]): Promise<string> => {
    const cols = await columnsOf(table);
    return names
      .map((n) => {
        const col = cols.find((c) => c.name === n);
        if (!col || !NAME.test(n)) throw new Error(`${table} has no column ${n}`);
        return `${n} ${col.type} '$.${n}'`;
      })
      .join(', ');
  };

  return {
    async createSsdTables() {
      await db.exec(sqlFile('mssql', 'ssd/create-ssd-tables.sql', sqlNames));
      await db.exec(sqlFile('mssql', 'ssd/create-ssd-indexes.sql', sqlNames));
      types.clear();
    },

    async insertRows(table, rows) {
      for (let i = 0; i < rows.length; i += 2000) {
        const chunk = rows.slice(i, i + 2000);
        const names = columnNames(chunk);
        const list = names.join(', ');
        await db.query(`INSERT INTO ${q(table)} (${list}) SELECT ${list} FROM OPENJSON(@rows) WITH (${await withClause(table, names)})`, { rows: param.json(chunk) });
      }
    },

    async updateRows(table, keyColumns, rows) {
      for (const group of groupByColumns(rows)) {
        const names = columnNames(group);
        const sets = names.filter((n) => !keyColumns.includes(n)).map((n) => `${n} = x.${n}`);
        if (sets.length === 0) continue;
        const on = keyColumns.map((k) => `t.${k} = x.${k}`).join(' AND ');
        await db.query(`UPDATE t SET ${sets.join(', ')} FROM ${q(table)} AS t JOIN OPENJSON(@rows) WITH (${await withClause(table, names)}) AS x ON ${on}`, { rows: param.json(group) });
      }
    },

    async deleteRows(table, keyColumns, keys) {
      if (keys.length === 0) return;
      const on = keyColumns.map((k) => `t.${k} = x.${k}`).join(' AND ');
      const picked = keys.map((k) => Object.fromEntries(keyColumns.map((c) => [c, k[c] ?? null])));
      await db.query(`DELETE t FROM ${q(table)} AS t JOIN OPENJSON(@rows) WITH (${await withClause(table, keyColumns)}) AS x ON ${on}`, { rows: param.json(picked) });
    },

    async truncate(table) {
      checkTable(table);
      await db.exec(`TRUNCATE TABLE ${q(table)}`);
    },

    async sampleRows(table, count, seed, filter) {
      const cols = await columnsOf(table);
      const select = cols.map((c) => (c.type.startsWith('datetime') || c.type === 'date' ? `CONVERT(CHAR(10), t.${c.name}, 23) AS ${c.name}` : `t.${c.name}`)).join(', ');
      const whole = `CONCAT(${cols.map((c) => `CONVERT(NVARCHAR(MAX), t.${c.name})`).join(', NCHAR(31), ')}, N'')`;
      let where = '';
      if (filter) {
        await withClause(table, [filter.column]);
        where = `WHERE CONVERT(NVARCHAR(450), t.${filter.column}) IN (SELECT value FROM OPENJSON(@values))`;
      }
      // Ordering by a hash of the row text and the seed is random-looking yet repeatable.
      return db.query<SsdRow>(`SELECT TOP (@count) ${select} FROM ${q(table)} AS t ${where} ORDER BY HASHBYTES('MD5', CONCAT(${whole}, @seed)), ${whole}`, {
        count: param.int(count),
        seed: param.text(String(seed)),
        ...(filter ? { values: param.json(filter.values) } : {}),
      });
    },

    async analyze() {
      await db.exec([...knownTables].map((t) => `UPDATE STATISTICS ${q(t)};`).join('\n'));
    },

    async countRows(table) {
      checkTable(table);
      const [row] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${q(table)}`);
      return row?.n ?? 0;
    },
  };
}
