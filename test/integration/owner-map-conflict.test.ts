import { expect } from 'chai';
import { SsdDeltaError } from '../../src/core/errors.js';
import { dialectTargets, type TestDatabase } from '../helpers/test-sources.js';

for (const target of dialectTargets()) {
  describe(`an owner-map entry added twice (${target.name})`, function () {
    this.timeout(60_000);
    let db: TestDatabase;
    before(async () => {
      db = await target.open();
      await db.source.schema.migrate();
    });
    after(async () => db?.dispose());

    it('fails the write whole, saying what it means, and keeps the map as it was', async () => {
      const entry = { stream: 'ssd_address', rowKey: 'A1', personId: 'C1' };
      await db.source.staging.write({ marks: [], rebuiltChildren: ['C1'], owners: [entry] });
      // An entry the map holds for a child this write does not replace: what a process meets when
      // another added it meanwhile (its run lock lost under it).
      const failed = await db.source.staging.write({ marks: [], rebuiltChildren: ['C2'], owners: [entry, { ...entry, rowKey: 'A2', personId: 'C2' }] }).then(() => null, (error: unknown) => error);
      expect(failed).to.be.instanceOf(SsdDeltaError);
      expect((failed as SsdDeltaError).code).to.equal('OWNER_MAP_CONFLICT');
      expect((failed as Error).message).to.match(/already holds an entry this write adds .* nothing of this write was committed/);
      expect((failed as Error).message, 'no child id in it').to.not.match(/C1|C2/);
      const held = await db.connection.query<{ row_key: string; person_id: string }>('SELECT row_key, person_id FROM ssd_delta_owner ORDER BY 1');
      expect(held).to.deep.equal([{ row_key: 'A1', person_id: 'C1' }]);
    });
  });
}
