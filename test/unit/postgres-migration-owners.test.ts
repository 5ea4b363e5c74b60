import { expect } from 'chai';
import { ownedByMigrations } from '../../src/source/postgres/permission-asks.js';
import { postgresMigrationFiles } from '../../src/source/postgres/schema-store.js';
import { sqlFile } from '../../src/source/sql-file.js';
import { sqlNames } from '../../src/source/sql-names.js';

const names = sqlNames('postgres', { schema: 'sd2', ssdSchema: 'sd2', stagingTable: 'ssd_api_data_staging' });
const script = (file: string): string => sqlFile('postgres', `migrations/${file}`, names);

/**
 * The statements a Postgres migration may hold for init --check to know what it needs: each is
 * asked for (CREATE on the schema; ownership of what is altered, indexed or replaced; UPDATE with
 * the DML on ssd-delta's tables; an advisory lock needs none). A migration with any other statement must teach
 * ownedByMigrations (src/source/postgres/permission-asks.ts) what it needs first.
 */
const KNOWN = /^(CREATE TABLE IF NOT EXISTS|CREATE (UNIQUE )?INDEX IF NOT EXISTS \S+ ON|ALTER TABLE|CREATE OR REPLACE FUNCTION|REVOKE ALL ON FUNCTION|UPDATE|SELECT 1$|SELECT pg_advisory_xact_lock\()/;

describe('Postgres migrations: what init --check asks an owner for', () => {
  it('every statement of every migration is of a kind init --check asks the permissions of', () => {
    const unknown = postgresMigrationFiles().flatMap((file) => {
      const code = script(file).replace(/--[^\n]*/g, '').replace(/\$(\w*)\$[\s\S]*?\$\1\$/g, '$$');
      const statements = code.split(';').map((s) => s.trim().replace(/\s+/g, ' ')).filter((s) => s !== '');
      return statements.filter((s) => !KNOWN.test(s)).map((s) => `${file}: ${s.slice(0, 100)}`);
    });
    expect(unknown).to.deep.equal([]);
  });

  it('asks ownership of the tables 0010, 0011 and 0012 alter or index and of the functions 0005, 0007 and 0009 replace', () => {
    const pending = postgresMigrationFiles().filter((f) => f >= '0005');
    expect(ownedByMigrations(pending.map(script))).to.deep.equal({
      tables: ['ssd_api_data_staging', 'ssd_delta_change_log', 'ssd_delta_api_attempt', 'ssd_delta_watermark', 'ssd_delta_last_cycle'],
      functions: ['ssd_delta_unconfirmed_with', 'ssd_delta_snapshot', 'ssd_delta_capture'],
    });
  });
});
