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
        expect(header.toLowerCase(), `${name} uses @${p}: its header must name it`).to.include(`@${p}`);
      }
      if (parametersUsed(text).size === 0) expect(header, `${name}: say "No parameters"`).to.match(/no parameters/i);
    }
  });

  it('queries take the same @parameters on both dialects (Postgres files too: never $n)', () => {
    // What a Postgres file leaves unused of what SQL Server's takes, and why.
    const postgresLeaves: Readonly<Record<string, readonly string[]>> = {
      'prune-change-log.sql': ['retention_days'], // Postgres prunes its change log by the watermarks alone
      'read-changes.sql': ['from_version', 'to_version'], // Change Tracking's versions; Postgres reads from each stream's watermark
      'take-migration-lock.sql': ['lock', 'wait_ms'], // Postgres's advisory lock has one fixed key and waits as the server lets it
    };
    const queries = files(join(root('postgres'), 'queries'));
    expect(queries.length).to.be.greaterThan(40);
    for (const file of queries) {
      const name = file.split('/').pop() ?? '';
      const text = readFileSync(file, 'utf8');
      // positionalSql refuses a $n outside quotes and comments.
      const onPostgres = [...new Set(positionalSql(text).names)].sort();
      const onSqlServer = [...parametersUsed(readFileSync(join(root('mssql'), 'queries', name), 'utf8'))];
      // The store binds what SQL Server's file uses (the fake pool refuses more); names are case-sensitive on Postgres.
      for (const left of postgresLeaves[name] ?? []) expect(onSqlServer, `mssql/queries/${name} still takes @${left} (postgresLeaves)`).to.include(left);
      const expected = onSqlServer.filter((p) => !(postgresLeaves[name] ?? []).includes(p)).sort();
      expect(onPostgres, `postgres/queries/${name} against mssql/queries/${name}`).to.deep.equal(expected);
      const header = text.split('\n').filter((l) => l.startsWith('--')).join('\n');
      for (const p of onPostgres) expect(header, `postgres/queries/${name} uses @${p}: its header must name it`).to.include(`@${p}`);
      if (onPostgres.length === 0 && onSqlServer.length === 0) expect(header, `postgres/queries/${name}: say "No parameters"`).to.match(/no parameters/i);
    }
  });

  it('mssql: parameters are written in lower case, as the stores bind them (names are case-sensitive under a _CS_ collation)', () => {
    for (const file of files(join(root('mssql'), 'queries'))) {
      const code = readFileSync(file, 'utf8').replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
      const upper = [...code.matchAll(/(?<![@\w])@([A-Za-z_]\w*)/g)].map((m) => m[1] ?? '').filter((n) => n !== n.toLowerCase());
      // T-SQL's own named arguments (sp_getapplock @Resource = ...) are not parameters.
      const own = new Set(['Resource', 'LockMode', 'LockOwner', 'LockTimeout', 'DbPrincipal']);
      expect(upper.filter((n) => !own.has(n)), file).to.deep.equal([]);
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
