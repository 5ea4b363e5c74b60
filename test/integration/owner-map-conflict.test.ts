import { expect } from 'chai';
import { SsdDeltaError } from '../../src/core/errors.js';
import { dialectTargets, type TestDatabase } from '../helpers/test-sources.js';

for (const target of dialectTargets()) {
  describe(`the owner map written by two markers at once (${target.name})`, function () {
    this.timeout(60_000);
    let db: TestDatabase;
    before(async () => {
      db = await target.open();
      await db.source.schema.migrate();
    });
    after(async () => db?.dispose());

    it('fails the second write as a lost run lock, and keeps the first', async () => {
      const entry = { stream: 'ssd_address', rowKey: 'A1', personId: 'C1' };
      await db.source.staging.write({ marks: [], rebuiltChildren: ['C1'], owners: [entry] });
      // An entry this write does not replace (its child is not among the rebuilt ones) but
      // holds already: what a process that lost its run lock meets when another marked meanwhile.
      const failed = await db.source.staging.write({ marks: [], rebuiltChildren: ['C2'], owners: [entry, { ...entry, rowKey: 'A2', personId: 'C2' }] }).then(() => null, (error: unknown) => error);
      expect(failed).to.be.instanceOf(SsdDeltaError);
      expect((failed as SsdDeltaError).code).to.equal('RUN_LOCK_LOST');
      expect((failed as Error).message).to.match(/another ssd-delta process marked the same children .* nothing of this chunk was written/);
      const held = await db.connection.query<{ row_key: string; person_id: string }>('SELECT row_key, person_id FROM ssd_delta_owner ORDER BY 1');
      expect(held).to.deep.equal([{ row_key: 'A1', person_id: 'C1' }]);
    });
  });
}
