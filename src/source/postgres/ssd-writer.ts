import { columnNames, groupByColumns, type SsdRow } from '../ssd-row.js';
import type { SsdWriter } from '../ssd-writer.js';
import { sqlFile } from '../sql-file.js';
import type { SqlNames } from '../sql-names.js';
import type { PgConnection } from './pg-connection.js';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

interface ColumnType {
  name: string;
  type: string;
}

/**
 * Writes SSD tables on Postgres for the seed, the simulator and tests. Rows travel as one
 * jsonb parameter per statement (jsonb_to_recordset), typed from the table's own columns.
 */
export function postgresSsdWriter(db: PgConnection, sqlNames: SqlNames, knownTables: ReadonlySet<string>): SsdWriter {
  const q = (table: string): string => sqlNames.ssd(table);
  const types = new Map<string, ColumnType[]>();

  const checkTable = (table: string): void => {
    if (!knownTables.has(table)) throw new Error(`not an SSD table ssd-delta knows: ${table}`);
  };
  const columnsOf = async (table: string): Promise<ColumnType[]> => {
    checkTable(table);
    let cols = types.get(table);
    if (!cols) {
      cols = await db.query<ColumnType>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [q(table)],
      );
      types.set(table, cols);
    }
    return cols;
  };
  const recordset = async (table: string, names: readonly string[]): Promise<string> => {
    const cols = await columnsOf(table);
    return names
      .map((n) => {
        const col = cols.find((c) => c.name === n);
        if (!col || !NAME.test(n)) throw new Error(`${table} has no column ${n}`);
        return `${n} ${col.type}`;
      })
      .join(', ');
  };

  return {
    async createSsdTables() {
      await db.exec(sqlFile('postgres', 'ssd/create-ssd-tables.sql', sqlNames));
      await db.exec(sqlFile('postgres', 'ssd/create-ssd-indexes.sql', sqlNames));
      types.clear();
    },

    async insertRows(table, rows) {
      for (let i = 0; i < rows.length; i += 5000) {
        const chunk = rows.slice(i, i + 5000);
        const names = columnNames(chunk);
        const list = names.join(', ');
        await db.query(`INSERT INTO ${q(table)} (${list}) SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS x(${await recordset(table, names)})`, [JSON.stringify(chunk)]);
      }
    },

    async updateRows(table, keyColumns, rows) {
      for (const group of groupByColumns(rows)) {
        const names = columnNames(group);
        const sets = names.filter((n) => !keyColumns.includes(n)).map((n) => `${n} = x.${n}`);
        if (sets.length === 0) continue;
        const where = keyColumns.map((k) => `t.${k} = x.${k}`).join(' AND ');
        await db.query(`UPDATE ${q(table)} AS t SET ${sets.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${await recordset(table, names)}) WHERE ${where}`, [JSON.stringify(group)]);
      }
    },

    async deleteRows(table, keyColumns, keys) {
      if (keys.length === 0) return;
      const where = keyColumns.map((k) => `t.${k} = x.${k}`).join(' AND ');
      const picked = keys.map((k) => Object.fromEntries(keyColumns.map((c) => [c, k[c] ?? null])));
      await db.query(`DELETE FROM ${q(table)} AS t USING jsonb_to_recordset($1::jsonb) AS x(${await recordset(table, keyColumns)}) WHERE ${where}`, [JSON.stringify(picked)]);
    },

    async truncate(table) {
      checkTable(table);
      await db.exec(`TRUNCATE ${q(table)}`);
    },

    async sampleRows(table, count, seed, filter) {
      const cols = await columnsOf(table);
      const select = cols.map((c) => (c.type.startsWith('timestamp') ? `to_char(t.${c.name}, 'YYYY-MM-DD') AS ${c.name}` : `t.${c.name}`)).join(', ');
      const params: unknown[] = [count, String(seed)];
      let where = '';
      if (filter) {
        await recordset(table, [filter.column]);
        where = `WHERE t.${filter.column}::text = ANY ($3::text[])`;
        params.push(filter.values);
      }
      // Ordering by a hash of the row text and the seed is random-looking yet repeatable.
      return db.query<SsdRow>(`SELECT ${select} FROM ${q(table)} AS t ${where} ORDER BY md5(t::text || $2), t::text LIMIT $1`, params);
    },

    async analyze() {
      await db.exec(`ANALYZE ${[...knownTables].map(q).join(', ')}`);
    },

    async countRows(table) {
      checkTable(table);
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${q(table)}`);
      return row?.n ?? 0;
    },
  };
}
