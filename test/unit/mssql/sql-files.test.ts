import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../../../src/config/load-config.js';
import { batches } from '../../../src/source/mssql/mssql-connection.js';
import { positionalSql } from '../../../src/source/postgres/pg-runner.js';
import { parametersUsed } from '../../helpers/fake-mssql-pool.js';

const root = (dialect: string): string => join(PACKAGE_ROOT, 'sql', dialect);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.sql') ? [join(dir, e.name)] : []));
}

describe('sql/ files of the two dialects', () => {
  const postgres = files(root('postgres')).map((f) => relative(root('postgres'), f)).sort();
  const mssql = files(root('mssql')).map((f) => relative(root('mssql'), f)).sort();

  it('have the same file names on both sides', () => {
    expect(mssql).to.deep.equal(postgres);
    expect(mssql.length).to.be.greaterThan(30);
  });

  for (const dialect of ['postgres', 'mssql']) {
    it(`${dialect}: every file opens with a header comment naming it and saying what it does`, () => {
      for (const file of files(root(dialect))) {
        const text = readFileSync(file, 'utf8');
        const name = file.split('/').pop() ?? '';
        expect(text.startsWith(`-- ${name}`), `${dialect}/${relative(root(dialect), file)} must start with "-- ${name}"`).to.equal(true);
        const header = text.split('\n').filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith('--'))).join(' ');
        expect(header.length, `${dialect}/${name}: header too short to say purpose, parameters and result`).to.be.greaterThan(60);
      }
    });
  }

  it('mssql: queries take named @parameters (never $n) and say so in their header', () => {
    for (const file of files(join(root('mssql'), 'queries'))) {
      const text = readFileSync(file, 'utf8');
      const name = file.split('/').pop() ?? '';
      expect(text, name).to.not.match(/\$\d/);
      const header = text.split('\n').filter((l) => l.startsWith('--')).join('\n');
      for (const p of parametersUsed(text)) {
        if (p === 'schema') continue;
        expect(header.toLowerCase(), `${name} uses @${p}: its header must name it`).to.include(`@${p}`);
      }
      if (parametersUsed(text).size === 0) expect(header, `${name}: say "No parameters"`).to.match(/no parameters/i);
    }
  });

  it('queries the stores run by name take the same @parameters on both dialects', () => {
    // A Postgres file written with @names goes through the SQL runner (src/source/sql-runner.ts).
    const named = files(join(root('postgres'), 'queries')).filter((f) => !/\$\d/.test(readFileSync(f, 'utf8')));
    expect(named.length, 'Postgres queries with @names').to.be.greaterThan(25);
    for (const file of named) {
      const name = file.split('/').pop() ?? '';
      const text = readFileSync(file, 'utf8');
      const onPostgres = new Set(positionalSql(text).names.map((n) => n.toLowerCase()));
      const onSqlServer = parametersUsed(readFileSync(join(root('mssql'), 'queries', name), 'utf8'));
      onSqlServer.delete('schema');
      // The store binds what SQL Server's file uses (the fake pool refuses more); Postgres may leave one unused.
      for (const p of onPostgres) expect([...onSqlServer], `postgres/queries/${name} uses @${p}`).to.include(p);
      const header = text.split('\n').filter((l) => l.startsWith('--')).join('\n').toLowerCase();
      for (const p of onPostgres) expect(header, `postgres/queries/${name} uses @${p}: its header must name it`).to.include(`@${p}`);
      if (onPostgres.size === 0 && onSqlServer.size === 0) expect(header, `postgres/queries/${name}: say "No parameters"`).to.match(/no parameters/i);
    }
  });

  it('mssql: each migration batch is idempotent (guards every CREATE and ALTER TABLE)', () => {
    for (const file of files(join(root('mssql'), 'migrations'))) {
      for (const batch of batches(readFileSync(file, 'utf8'))) {
        // A BEGIN ... END block behind an IF [NOT] EXISTS is guarded as a whole.
        const code = batch.replace(/--[^\n]*/g, '').replace(/\bIF (?:NOT )?EXISTS\b[^\n]*\nBEGIN\n[\s\S]*?\nEND\b/g, '');
        const creates = [...code.matchAll(/\b(CREATE (?:TABLE|INDEX)|ALTER TABLE)\b/g)].length;
        const guards = [...code.matchAll(/\bIF (?:OBJECT_ID|NOT EXISTS|COL_LENGTH)\b/g)].length;
        expect(guards, `${file}: ${creates} CREATE/ALTER, ${guards} guards`).to.be.at.least(creates);
      }
    }
  });
});
