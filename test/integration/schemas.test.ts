import { expect } from 'chai';
import pg from 'pg';
import { postgresSource } from '../../src/source/postgres/postgres-source.js';
import { mssqlSchemaTargets, type CaptureTarget, type PortDatabase } from '../helpers/capture-targets.js';
import { openHarness, type CycleHarness } from '../helpers/cycle-harness.js';
import { runCli } from '../helpers/run-cli.js';
import { dialectTargets, STREAMS, type DialectTarget, type TestDatabase } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

/** A database with the SSD in one schema and ssd-delta's tables in another, neither the session's default. */
interface PlacedDatabase {
  readonly db: PortDatabase;
  /** Runs SQL as the LA's loader does, `table` naming an SSD table as the loader writes it. */
  asLoader(sql: (table: string) => string): Promise<void>;
}

/**
 * Postgres: schemas made for the suite, and a connection whose search_path holds neither. The
 * LA's loader writes with unqualified names under its own search_path; the capture triggers
 * still log to ssd-delta's schema.
 */
function postgresPlaced(target: DialectTarget, mode: 'direct' | 'fingerprint'): { name: string; open(): Promise<PlacedDatabase> } {
  return {
    name: `${target.name} ${mode}`,
    async open() {
      const base = await target.open();
      const [row] = await base.connection.query<{ schema: string }>('SELECT current_schema() AS schema');
      const ssd = `${row?.schema}_ssd`;
      const own = `${row?.schema}_own`;
      await base.connection.exec(`CREATE SCHEMA ${ssd}; CREATE SCHEMA ${own}`);
      const db: PortDatabase = {
        ...base,
        source: postgresSource(base.connection, { schema: own, ssdSchema: ssd, stagingTable: 'ssd_api_data_staging' }, STREAMS, undefined, mode),
        dispose: async () => {
          await base.connection.exec(`DROP SCHEMA ${ssd} CASCADE; DROP SCHEMA ${own} CASCADE`);
          await base.dispose();
        },
      };
      async function asLoader(sql: (table: string) => string): Promise<void> {
        if (!base.url) {
          const [path] = await base.connection.query<{ path: string }>('SHOW search_path');
          await base.connection.exec(`SET search_path TO ${ssd}; ${sql('ssd_person')}; SET search_path TO ${path?.path ?? 'public'}`);
          return;
        }
        const url = new URL(base.url);
        url.searchParams.set('options', `-c search_path=${ssd}`);
        const loader = new pg.Client({ connectionString: url.toString() });
        await loader.connect();
        try {
          await loader.query(sql('ssd_person'));
        } finally {
          await loader.end();
        }
      }
      return { db, asLoader };
    },
  };
}

/** SQL Server: a session's default schema is its login's, so the loader names the SSD's schema. */
function mssqlPlaced(target: CaptureTarget): { name: string; open(): Promise<PlacedDatabase> } {
  return {
    name: target.name,
    async open() {
      const db = await target.open();
      return { db, asLoader: (sql) => db.sql.exec(sql(`${db.source.placement.ssdSchema}.ssd_person`)) };
    },
  };
}

/**
 * An LA's SSD in a schema of its own (SystemC: ssd_development), ssd-delta's tables in another,
 * neither the session's default: every name ssd-delta writes must be qualified, or these suites
 * fail with "relation does not exist" (Postgres) or "Invalid object name" (SQL Server).
 */
const PLACED = (['direct', 'fingerprint'] as const).flatMap((mode) => [...dialectTargets().map((t) => postgresPlaced(t, mode)), ...mssqlSchemaTargets(mode).map(mssqlPlaced)]);

for (const target of PLACED) {
  describe(`SSD and ssd-delta in their own schemas, neither the default (${target.name})`, () => {
    let h: CycleHarness<PortDatabase>;
    let loader: PlacedDatabase['asLoader'];

    before(async () => {
      const placed = await target.open();
      loader = placed.asLoader;
      h = await openHarness(placed.db, 12);
    });
    after(async () => h?.close());

    it('creates its tables only in its schema and reads the SSD only in the SSD schema', async () => {
      const { schema: own, ssdSchema: ssd } = h.db.source.placement;
      const tables = await h.db.sql.query<{ table_schema: string; table_name: string }>(
        // Upper case: a case-sensitive SQL Server database knows only INFORMATION_SCHEMA (Postgres folds it).
        `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA IN ($1, $2, ${h.db.sql.currentSchema})`,
        [own, ssd],
      );
      const where = (name: string) => tables.filter((t) => t.table_name === name).map((t) => t.table_schema);
      expect(where('ssd_api_data_staging')).to.deep.equal([own]);
      expect(where('ssd_delta_owner')).to.deep.equal([own]);
      expect(where('ssd_person')).to.deep.equal([ssd]);
      // A live SQL Server's default schema may hold the LA's other tables: there only SSD and ssd-delta names count.
      const ours = (name: string): boolean => h.db.source.dialect === 'postgres' || name.startsWith('ssd_');
      expect(tables.filter((t) => t.table_schema !== own && t.table_schema !== ssd && ours(t.table_name)), 'nothing in the default schema').to.deep.equal([]);
      expect(await h.db.source.schema.checkSsd(STREAMS)).to.deep.include({ schema: ssd, missingTables: [], missingColumns: [] });
    });

    it('sends every child, then a change the LA loader made under its own default schema', async () => {
      const first = await h.cycle();
      expect(first.sent).to.be.greaterThan(5);
      expect(first.sent).to.equal(h.sim.api.heldIds().length);
      const child = h.sim.api.heldIds()[0];
      await loader((table) => `UPDATE ${table} SET pers_surname = 'Changedname' WHERE pers_person_id = '${child}'`);
      const second = await h.cycle();
      expect(second.touched).to.equal(1);
      expect(second.sent).to.equal(1);
      expect(h.sim.api.received().at(-1)?.laChildId).to.equal(child);
    });
  });
}

describe('ssd-delta init --schema --ssd-schema (Postgres server)', () => {
  const url = process.env.SSD_DELTA_TEST_PG_URL;
  let base: TestDatabase;
  let ssd: string;
  before(async function () {
    const server = dialectTargets().find((t) => t.name === 'postgres');
    if (!url || !server) this.skip();
    base = await server.open();
    const [row] = await base.connection.query<{ schema: string }>('SELECT current_schema() AS schema');
    ssd = `${row?.schema}_ssd`;
    await base.connection.exec(`CREATE SCHEMA ${ssd}`);
    const seeded = postgresSource(base.connection, { schema: ssd, ssdSchema: ssd, stagingTable: 'ssd_api_data_staging' }, STREAMS);
    await ssdWriterOf(seeded).createSsdTables();
  });
  after(async () => {
    if (!base) return;
    await base.connection.exec(`DROP SCHEMA IF EXISTS ${ssd} CASCADE`);
    await base.dispose();
  });

  it('says which schema each part is in, and names the schema holding the SSD tables when it is not the one configured', async () => {
    // Other test files running beside this one may hold SSD tables in schemas of their own: then
    // the advice lists every schema and names none to set. It names ours when ours was alone
    // before and after the command.
    const holders = async () => (await base.connection.query<{ n: number }>("SELECT count(DISTINCT table_schema)::int AS n FROM information_schema.tables WHERE table_name = 'ssd_person'"))[0]?.n;
    const alone = (await holders()) === 1;
    const wrong = await runCli(['init', '--database-url', base.url!]);
    expect(wrong.code, wrong.stderr).to.equal(2);
    const setting = alone && (await holders()) === 1 ? ` to ${ssd}` : `( to ${ssd})?`;
    expect(wrong.stderr).to.match(new RegExp(`SSD tables expected and not found: .*ssd_person.*Found in another schema: .*ssd_person in [^;]*\\b${ssd}\\b.*Set database\\.ssdSchema${setting} \\(or --ssd-schema\\)`));
    const right = await runCli(['init', '--database-url', base.url!, '--ssd-schema', ssd]);
    expect(right.code, right.stderr).to.equal(0);
    expect(right.stdout).to.match(new RegExp(`ssd-delta's tables: schema t_\\w+ \\(staging table ssd_api_data_staging\\); SSD tables: schema ${ssd}`));
    expect(right.stdout).to.include(`SSD tables found in schema ${ssd}: 19 of 19`);
  });
});
