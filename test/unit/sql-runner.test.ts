import { expect } from 'chai';
import { openPglite } from '../../src/source/postgres/pglite-connection.js';
import { positionalSql, postgresRunner } from '../../src/source/postgres/pg-runner.js';
import { sqlNames } from '../../src/source/sql-names.js';
import { param } from '../../src/source/sql-runner.js';

describe('the SQL runner (src/source/sql-runner.ts)', () => {
  describe('Postgres: @name parameters become $n (positionalSql)', () => {
    it('numbers each name once, in order of first use, however often it is used', () => {
      expect(positionalSql('SELECT @b, @a::int, @b FROM t WHERE x = ANY (@ids::text[])')).to.deep.equal({
        text: 'SELECT $1, $2::int, $1 FROM t WHERE x = ANY ($3::text[])',
        names: ['b', 'a', 'ids'],
      });
    });

    it("leaves quotes, comments and Postgres's own @ operators alone", () => {
      const sql = [
        "-- header: @rows is a jsonb array",
        "SELECT 'it''s @not' AS \"@col\", j @> '{}' , @ -3, @@ x, a@b /* @nor @this */",
        'FROM t WHERE k = @key',
      ].join('\n');
      const { text, names } = positionalSql(sql);
      expect(names).to.deep.equal(['key']);
      expect(text).to.equal(sql.replace('@key', '$1'));
    });

    it("leaves E'' strings, dollar quotes and nested comments alone too, and refuses a $n of its own", () => {
      const sql = "SELECT E'it\\'s @no', $$ it's @no $$, $tag$ @no $tag$, /* a /* nested @no */ @no */ col$1, @yes";
      expect(positionalSql(sql)).to.deep.equal({ text: sql.replace('@yes', '$1'), names: ['yes'] });
      expect(() => positionalSql('SELECT @a, $1')).to.throw(/positional parameter \(\$1\)/);
    });
  });

  describe('Postgres: binding by name (PGlite)', function () {
    this.timeout(60_000);
    it('runs a named file, refuses a missing value, ignores one its file does not use, and names a unique violation', async () => {
      const db = await openPglite('memory://');
      try {
        await db.exec('CREATE SCHEMA s; CREATE TABLE s.ssd_delta_owner (k text CONSTRAINT ssd_delta_owner_pkey PRIMARY KEY)');
        const runner = postgresRunner(db, sqlNames('postgres', { schema: 's', ssdSchema: 's', stagingTable: 'ssd_api_data_staging' }));
        // A file the stores use: read-clock.sql takes no parameters, and an extra value is not an error.
        const [clock] = await runner.run<{ now: string }>('read-clock', { unused: param.int(1) });
        expect(clock?.now).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        let missing: unknown;
        await runner.run('child-history', {}).catch((error: unknown) => (missing = error));
        expect(String(missing)).to.match(/child-history\.sql: no value given for @person_id/);
        const violation = await db.query('INSERT INTO s.ssd_delta_owner VALUES ($1), ($1)', ['a']).catch((error: unknown) => error);
        expect(runner.uniqueViolation(violation)).to.equal('ssd_delta_owner_pkey');
        expect(runner.uniqueViolation(new Error('other'))).to.equal(null);
      } finally {
        await db.close();
      }
    });
  });
});
