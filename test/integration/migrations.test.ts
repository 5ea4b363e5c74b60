import { expect } from 'chai';
import { postgresSource } from '../../src/source/postgres/postgres-source.js';
import { dialectTargets, STREAMS, type TestDatabase } from '../helpers/test-sources.js';

for (const target of dialectTargets()) {
  describe(`migrations (${target.name})`, function () {
    this.timeout(120_000);
    let db: TestDatabase;
    before(async () => {
      db = await target.open();
    });
    after(async () => db?.dispose());

    it('apply each numbered file once and are a no-op the second time', async () => {
      const first = await db.source.schema.migrate();
      expect(first.applied).to.deep.equal(['0001_staging.sql', '0002_capture.sql', '0003_api_attempts.sql', '0004_time_driven.sql', '0005_send_runs.sql', '0006_fingerprints.sql']);
      const second = await db.source.schema.migrate();
      expect(second).to.deep.equal({ applied: [], alreadyApplied: first.applied });
    });

    it('refuse a second staging table in the same schema (it would share the watermark)', async () => {
      const other = postgresSource(db.connection, 'other_staging', STREAMS);
      let error: unknown;
      await other.schema.migrate().catch((e: unknown) => (error = e));
      expect((error as Error).message).to.match(/already holds ssd-delta with staging table ssd_api_data_staging; one ssd-delta per schema/);
      expect((error as { exitCode?: number }).exitCode).to.equal(2);
    });
  });
}
