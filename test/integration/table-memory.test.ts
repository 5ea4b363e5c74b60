import { expect } from 'chai';
import { dialectTargets, STREAMS, type TestDatabase } from '../helpers/test-sources.js';

for (const target of dialectTargets()) {
  describe(`what cycles remember of the SSD tables, and the feed's watermark (${target.name})`, function () {
    this.timeout(120_000);
    let db: TestDatabase;
    before(async () => {
      db = await target.open();
      await db.source.schema.migrate();
    });
    after(async () => db?.dispose());

    it('keeps the time of the first held cycle, and forgets it once no cycle holds for the table (its next hold gets a whole grace)', async () => {
      await db.source.capture.noteHeld([{ stream: 'ssd_person', seen: '5 rows, 1 changes' }], []);
      await db.source.capture.noteHeld([{ stream: 'ssd_person', seen: '9 rows, 4 changes' }, { stream: 'ssd_address', seen: '1 rows, 1 changes' }], []);
      let memory = await db.source.capture.tableMemory(['ssd_person', 'ssd_address']);
      expect(memory.get('ssd_person')).to.include({ heldSeen: '9 rows, 4 changes', markedRows: null });
      expect(memory.get('ssd_person')?.heldForMs).to.be.a('number');
      await db.source.capture.noteHeld([{ stream: 'ssd_address', seen: '2 rows, 2 changes' }], ['ssd_person']);
      memory = await db.source.capture.tableMemory(['ssd_person', 'ssd_address']);
      expect(memory.get('ssd_person')).to.deep.equal({ markedRows: null, heldSeen: '9 rows, 4 changes', heldForMs: null });
      expect(memory.get('ssd_address')?.heldForMs).to.be.a('number');
    });

    it('re-baselines a stream whose watermark is ahead of every transaction the server has run (a restored database)', async () => {
      await db.connection.exec("INSERT INTO ssd_delta_watermark (stream, position) SELECT stream, '999999999999:999999999999:' FROM unnest(ARRAY['ssd_person', 'ssd_address']) AS stream");
      const batch = await db.source.capture.readChanges(STREAMS.filter((s) => s.stream === 'ssd_person' || s.stream === 'ssd_address'));
      expect(batch.baselineStreams.sort()).to.deep.equal(['ssd_address', 'ssd_person']);
      expect(batch.rebaselined?.map((r) => r.stream).sort()).to.deep.equal(['ssd_address', 'ssd_person']);
      expect(batch.rebaselined?.[0]?.reason).to.match(/ahead of every transaction this server has run .*: the database was restored or moved/);
      await db.connection.exec('DELETE FROM ssd_delta_watermark');
    });
  });
}
