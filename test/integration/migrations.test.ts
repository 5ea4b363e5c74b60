import { expect } from 'chai';
import { openPgPool } from '../../src/source/postgres/pg-pool-connection.js';
import { postgresSource } from '../../src/source/postgres/postgres-source.js';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { STREAMS } from '../helpers/test-sources.js';

/** The D2I reference sender's staging table, in each dialect, with one row. */
const FOREIGN_STAGING = {
  postgres: `CREATE TABLE ssd_api_data_staging (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, person_id varchar(20), json_payload text NOT NULL,
    current_hash bytea, previous_hash bytea, submission_status varchar(50) DEFAULT 'Pending', api_response text);
    INSERT INTO ssd_api_data_staging (person_id, json_payload, current_hash) VALUES ('P1', '{}', '\\x00')`,
  mssql: `CREATE TABLE ssd_api_data_staging (id INT IDENTITY(1,1) PRIMARY KEY, person_id NVARCHAR(20), json_payload NVARCHAR(MAX) NOT NULL,
    current_hash BINARY(32), previous_hash BINARY(32), submission_status NVARCHAR(50) DEFAULT 'Pending', api_response NVARCHAR(MAX));
    INSERT INTO ssd_api_data_staging (person_id, json_payload, current_hash) VALUES (N'P1', N'{}', 0x00);`,
};

for (const target of portTargets()) {
  describe(`migrations (${target.name})`, function () {
    this.timeout(120_000);
    let db: PortDatabase;
    before(async () => {
      db = await target.open();
    });
    after(async () => db?.dispose());

    it('apply each numbered file once and are a no-op the second time', async () => {
      const first = await db.source.schema.migrate();
      expect(first.applied).to.deep.equal(['0001_staging.sql', '0002_capture.sql', '0003_api_attempts.sql', '0004_time_driven.sql', '0005_send_runs.sql', '0006_fingerprints.sql', '0007_table_guard.sql', '0008_binary_row_keys.sql', '0009_named_streams.sql', '0010_waiting_since.sql', '0011_position_time.sql', '0012_run_leases.sql']);
      const second = await db.source.schema.migrate();
      expect(second).to.deep.equal({ applied: [], alreadyApplied: first.applied });
    });

    it('0007 turns a watermark stored as an xid8 (before it) into the snapshot that reads on from it', async function () {
      if (!db.connection) return this.skip(); // Postgres' own watermarks
      await db.connection.exec("INSERT INTO ssd_delta_watermark (stream, position) VALUES ('ssd_person', '741'), ('ssd_address', '3:9:4,7')");
      await db.connection.exec("DELETE FROM ssd_delta_migration WHERE name = '0007_table_guard.sql'");
      expect((await db.source.schema.migrate()).applied).to.deep.equal(['0007_table_guard.sql']);
      const rows = await db.connection.query<{ stream: string; position: string }>('SELECT stream, position FROM ssd_delta_watermark ORDER BY stream');
      expect(rows).to.deep.equal([{ stream: 'ssd_address', position: '3:9:4,7' }, { stream: 'ssd_person', position: '741:741:' }]);
      await db.connection.exec('DELETE FROM ssd_delta_watermark');
    });

    it('say which shipped migrations a database has not had yet (the commands that do not migrate refuse it)', async () => {
      expect(await db.source.schema.pending()).to.deep.equal([]);
      await db.sql.exec("DELETE FROM ssd_delta_migration WHERE name = '0009_named_streams.sql'");
      expect(await db.source.schema.pending()).to.deep.equal(['0009_named_streams.sql']);
      expect((await db.source.schema.migrate()).applied).to.deep.equal(['0009_named_streams.sql']);
      expect(await db.source.schema.pending()).to.deep.equal([]);
    });

    it('refuse a second staging table in the same schema (it would share the watermark)', async () => {
      const other = await db.sourceWith!({ stagingTable: 'other_staging' });
      let error: unknown;
      await other.schema.migrate().catch((e: unknown) => (error = e));
      expect((error as Error).message).to.match(/already holds ssd-delta with staging table ssd_api_data_staging in schema \w+; one ssd-delta per schema/);
      expect((error as { exitCode?: number }).exitCode).to.equal(2);
    });

    it("refuse to adopt a staging table of the same name that ssd-delta did not make (the DfE reference sender's), and leave it as it was", async () => {
      const fresh = await target.open();
      try {
        await fresh.sql.exec(FOREIGN_STAGING[fresh.source.dialect]);
        const error = await fresh.source.schema.migrate().catch((e: unknown) => e);
        const named = fresh.source.dialect === 'mssql' ? '\\[ssd_api_data_staging\\]' : '"ssd_api_data_staging"';
        expect((error as Error).message).to.match(new RegExp(`${named} already exists and is not ssd-delta's: it has no row_state, attempt_count, offered_at, batch_id, lease_expires_at columns .* set database\\.stagingTable to another name`));
        expect((error as { exitCode?: number }).exitCode).to.equal(2);
        const count = async (sql: string): Promise<number> => Number((await fresh.sql.query<{ n: number | string }>(sql))[0]?.n);
        const schema = fresh.sql.currentSchema;
        expect(await count(`SELECT count(*) AS n FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'ssd_api_data_staging' AND TABLE_SCHEMA = ${schema}`)).to.equal(7);
        expect(await count('SELECT count(*) AS n FROM ssd_api_data_staging')).to.equal(1);
        expect(await count(`SELECT count(*) AS n FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'ssd_delta_owner' AND TABLE_SCHEMA = ${schema}`), 'no migration applied').to.equal(0);
      } finally {
        await fresh.dispose();
      }
    });

    it("refuse it too when the login may not read it (its columns are not in information_schema for that login)", async function () {
      if (target.name !== 'postgres direct' || db.url === undefined) return this.skip(); // a server's logins
      const fresh = await target.open();
      const role = `ssd_delta_t_${process.pid}`;
      const schema = fresh.source.placement.schema;
      try {
        await fresh.sql.exec(FOREIGN_STAGING.postgres);
        await fresh.sql.exec(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN; GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${role}`);
        const url = new URL(fresh.url as string);
        url.username = role;
        const connection = await openPgPool(url.toString(), 2);
        try {
          const error = await postgresSource(connection, fresh.source.placement, STREAMS).schema.migrate().catch((e: unknown) => e);
          expect((error as Error).message).to.match(/"ssd_api_data_staging" already exists and is not ssd-delta's: it has no row_state/);
        } finally {
          await connection.close();
        }
      } finally {
        await fresh.sql.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`).catch(() => undefined);
        await fresh.dispose();
      }
    });
  });
}
