import { expect } from 'chai';
import { fixedClock } from '../../src/core/clock.js';
import { TableBusyError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { createDocumentHasher } from '../../src/payload/canonical-hash.js';
import { markChanges } from '../../src/pipeline/build-pipeline.js';
import { DEFAULT_GUARDS } from '../../src/pipeline/delete-guard.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import type { Source } from '../../src/source/source.js';
import { portTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

for (const target of portTargets()) {
  describe(`what cycles remember of the SSD tables, and the feed's watermark (${target.name})`, function () {
    this.timeout(120_000);
    let db: PortDatabase;
    before(async () => {
      db = await target.open();
      await db.source.schema.migrate();
      // Capture installed on a few children's tables: SQL Server reads its feed only from tracked tables.
      await seedSsd(ssdWriterOf(db.source), { children: 5, seed: 3, today: '2026-06-15' });
      await db.source.capture.install(STREAMS);
    });
    after(async () => db?.dispose());

    it('keeps the time of the first held cycle until a cycle marks, which stores the rows and ends the hold', async () => {
      await db.source.capture.noteHeld([{ stream: 'ssd_person', seen: '5 rows, 1 changes' }]);
      await db.source.capture.noteHeld([{ stream: 'ssd_person', seen: '9 rows, 4 changes' }, { stream: 'ssd_address', seen: '1 rows, 1 changes' }]);
      let memory = await db.source.capture.tableMemory(['ssd_person', 'ssd_address']);
      expect(memory.get('ssd_person')).to.include({ heldSeen: '9 rows, 4 changes', markedRows: null });
      expect(memory.get('ssd_person')?.heldForMs).to.be.a('number');
      const advance = { streams: ['ssd_person', 'ssd_address'], position: '1:1:', day: '2026-06-15', buildKey: 'k', tableRows: [{ stream: 'ssd_person', rows: 9 }, { stream: 'ssd_address', rows: 1 }] };
      await db.source.staging.write({ marks: [], rebuiltChildren: [], owners: [], advance });
      memory = await db.source.capture.tableMemory(['ssd_person', 'ssd_address']);
      expect(memory.get('ssd_person')).to.deep.equal({ markedRows: 9, heldSeen: null, heldForMs: null, heldSince: null });
      expect(memory.get('ssd_address')).to.deep.equal({ markedRows: 1, heldSeen: null, heldForMs: null, heldSince: null });
      await db.sql.exec('DELETE FROM ssd_delta_watermark; DELETE FROM ssd_delta_last_cycle');
    });

    it('holds a cycle for a table another transaction holds, then after the grace fails so a scheduler hears of it', async () => {
      const busy: Source = { ...db.source, cycleView: () => Promise.reject(new TableBusyError('SSD_TABLE_LOCKED', 'ssd_cin_plans has been held exclusively by another transaction', 'ssd_cin_plans')) };
      // Fingerprints refreshed at once (not waited for to settle), so the cycle goes on to the busy snapshot.
      const deps = { source: busy, streams: STREAMS, hasher: await createDocumentHasher(), clock: fixedClock('2026-06-15'), logger: silentLogger(), chunkSize: 100, guards: { ...DEFAULT_GUARDS, reloadGraceMs: 30 * 60_000, waitForSettledLoads: false } };
      const first = await markChanges(deps);
      expect(first.held).to.deep.equal(['ssd_cin_plans']);
      expect((await markChanges(deps)).held, 'within the grace').to.deep.equal(['ssd_cin_plans']);
      // An hour passes (the database's clock decides how long cycles have held).
      await db.sql.exec(`UPDATE ssd_delta_table_guard SET held_since = ${db.sql.earlier('held_since', 3600)}`);
      const error = await markChanges(deps).catch((e: unknown) => e);
      expect((error as { code?: string }).code).to.equal('SSD_TABLE_HELD');
      expect((error as Error).message).to.match(/^ssd_cin_plans has been held by another transaction for longer than capture\.reloadGraceMinutes .*: no cycle can read the SSD; find the session holding it/);
      await db.sql.exec('DELETE FROM ssd_delta_table_guard');
    });

    it('re-baselines a stream whose watermark is ahead of every transaction the server has run (a restored database)', async () => {
      // A position far ahead: a Postgres snapshot (xmin:xmax:), a SQL Server Change Tracking version.
      const ahead = db.source.dialect === 'mssql' ? '999999999999' : '999999999999:999999999999:';
      await db.sql.query("INSERT INTO ssd_delta_watermark (stream, position) VALUES ('ssd_person', $1), ('ssd_address', $1)", [ahead]);
      const batch = await db.source.capture.readChanges(STREAMS.filter((s) => s.stream === 'ssd_person' || s.stream === 'ssd_address'));
      expect(batch.baselineStreams.sort()).to.deep.equal(['ssd_address', 'ssd_person']);
      expect(batch.rebaselined?.map((r) => r.stream).sort()).to.deep.equal(['ssd_address', 'ssd_person']);
      expect(batch.rebaselined?.[0]?.reason).to.match(
        db.source.dialect === 'mssql' ? /is ahead of the database's Change Tracking version .*: its versions went back/ : /ahead of every transaction this server has run .*: the database was restored or moved/,
      );
      await db.sql.exec('DELETE FROM ssd_delta_watermark');
    });
  });
}
