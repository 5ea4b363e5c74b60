import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStreamDefinitions } from '../../src/streams/stream-definition.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { SSD_TABLE_KEYS } from '../../src/simulate/ssd-table-keys.js';
import { readSsdDdl } from '../helpers/memory-ssd-writer.js';

const SPEC = join(PACKAGE_ROOT, '..', 'shared', 'spec', 'ssd-tables.json');

describe('the seed DDL (sql/*/ssd/create-ssd-tables.sql)', () => {
  const postgres = readSsdDdl('postgres');
  const mssql = readSsdDdl('mssql');

  it('declares the same 19 tables, columns in the same order, keys and NOT NULLs on both dialects', () => {
    expect([...postgres.keys()]).to.have.length(19);
    expect([...mssql.keys()]).to.deep.equal([...postgres.keys()]);
    for (const [table, pg] of postgres) expect(mssql.get(table), table).to.deep.equal(pg);
  });

  it('keys every table as the simulator addresses its rows, and as its stream names its rows', () => {
    for (const [table, key] of Object.entries(SSD_TABLE_KEYS)) expect(postgres.get(table)?.key, table).to.deep.equal([...key]);
    // Direct capture on SQL Server reads a table's primary key from CHANGETABLE as the stream's row key.
    for (const def of loadStreamDefinitions(join(PACKAGE_ROOT, 'streams'))) expect(postgres.get(def.table)?.key, def.table).to.deep.equal(def.key);
  });

  it('has every column shared/spec/ssd-tables.json lists', function () {
    if (!existsSync(SPEC)) this.skip();
    const spec = JSON.parse(readFileSync(SPEC, 'utf8')) as { tables: Record<string, { columns: Record<string, unknown> | Array<{ name: string }> }> };
    for (const [table, def] of Object.entries(spec.tables)) {
      const names = Array.isArray(def.columns) ? def.columns.map((c) => c.name) : Object.keys(def.columns);
      expect(postgres.get(table)?.columns, table).to.include.members(names);
    }
  });
});
