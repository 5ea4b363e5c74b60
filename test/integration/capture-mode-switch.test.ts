import { expect } from 'chai';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { postgresSource } from '../../src/source/postgres/postgres-source.js';
import { TODAY } from '../helpers/cycle-harness.js';
import { dialectTargets, STREAMS, type TestDatabase } from '../helpers/test-sources.js';

for (const target of dialectTargets()) {
  describe(`switching capture.mode (${target.name})`, function () {
    this.timeout(120_000);
    let db: TestDatabase;
    before(async () => {
      db = await target.open();
    });
    after(async () => db?.dispose());

    it('a database set up for direct capture is not ready for fingerprints until init drops the triggers, and back', async () => {
      const direct = db.source;
      await direct.schema.migrate();
      await seedSsd(direct.ssd, { children: 10, seed: 3, today: TODAY });
      await direct.capture.install(STREAMS);
      const tables = [...new Set(STREAMS.map((s) => s.table))].sort();
      expect(await direct.capture.installed(STREAMS)).to.deep.equal(tables);
      const fingerprint = postgresSource(db.connection, db.source.placement, STREAMS, undefined, 'fingerprint');
      // The triggers would log every reloaded row on top of the refresh: `run` must ask for init.
      expect(await fingerprint.capture.installed(STREAMS)).to.deep.equal([]);
      await fingerprint.capture.install(STREAMS);
      expect(await fingerprint.capture.installed(STREAMS)).to.deep.equal(tables);
      expect(await direct.capture.installed(STREAMS)).to.deep.equal([]);
      await direct.capture.install(STREAMS);
      expect(await direct.capture.installed(STREAMS)).to.deep.equal(tables);
    });
  });
}
