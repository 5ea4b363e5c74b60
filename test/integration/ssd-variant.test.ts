import { expect } from 'chai';
import { join } from 'node:path';
import { applyNaming, ssdNaming } from '../../src/streams/ssd-naming.js';
import type { StreamDefinition } from '../../src/streams/stream-definition.js';
import { startSimulatedPoster, type SimulatedPoster } from '../../src/cli/simulated-poster.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { fixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createDocumentHasher } from '../../src/payload/canonical-hash.js';
import type { CycleStats } from '../../src/pipeline/cycle-stats.js';
import { DEFAULT_GUARDS } from '../../src/pipeline/delete-guard.js';
import { runCycle } from '../../src/pipeline/run-cycle.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import type { Source } from '../../src/source/source.js';
import type { SubmitSettings } from '../../src/submit/submit-policy.js';
import { TODAY } from '../helpers/cycle-harness.js';
import { freshDocuments } from '../helpers/fresh-documents.js';
import { captureTargets, type CaptureTarget, type PortDatabase } from '../helpers/capture-targets.js';
import { STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

/** The LA's build of the SSD: what Mosaic calls otherwise, and a table renamed by the LA (`t` qualifies a table). */
const LA_DDL = {
  postgres: (t: (table: string) => string) => `ALTER TABLE ${t('ssd_cin_plans')} RENAME COLUMN cinp_cin_plan_id TO cin_plan_id;
    ALTER TABLE ${t('ssd_cla_placement')} DROP COLUMN clap_person_id;
    ALTER TABLE ${t('ssd_person')} RENAME TO la_person`,
  // SQL Server drops no index with its column.
  mssql: (t: (table: string) => string) => `EXEC sp_rename N'${t('ssd_cin_plans')}.cinp_cin_plan_id', N'cin_plan_id', N'COLUMN';
    DROP INDEX IF EXISTS ssd_cla_placement_person_idx ON ${t('ssd_cla_placement')};
    ALTER TABLE ${t('ssd_cla_placement')} DROP COLUMN clap_person_id;
    EXEC sp_rename N'${t('ssd_person')}', N'la_person';`,
};

/** A Postgres database with the standard names beside one for the LA; on SQL Server, PGlite gives the standard one. */
interface VariantPair {
  readonly name: string;
  open(): Promise<{ standard: PortDatabase; la: PortDatabase }>;
}

const PAIRS: VariantPair[] = (['direct', 'fingerprint'] as const).flatMap((mode) => [
  ...captureTargets(mode).filter((t) => !t.name.startsWith('mssql')).map((target) => ({ name: target.name, open: async () => ({ standard: await target.open(), la: await target.open() }) })),
  ...captureTargets(mode).filter((t) => t.name.startsWith('mssql')).map((target) => ({
    name: target.name,
    open: async () => ({ standard: await (captureTargets(mode)[0] as CaptureTarget).open(), la: await target.open() }),
  })),
]);

/**
 * The whole pipeline on an SSD that uses Mosaic's names (ssd_cin_plans keyed on cin_plan_id, no
 * clap_person_id) and a table of the LA's own name (ssd_person as la_person), set by config
 * alone: the receiver ends holding exactly the documents the same SSD under the standard names
 * gives, and changes made under the LA's names reach their children.
 */
for (const pair of PAIRS) {
  describe(`an SSD with Mosaic's column names and a table of the LA's own name (${pair.name})`, function () {
    this.timeout(300_000);
    const clock = fixedClock(TODAY);
    let standard: PortDatabase;
    let la: PortDatabase;
    let streams: StreamDefinition[];
    let source: Source;
    let sim: SimulatedPoster;
    let cycle: () => Promise<CycleStats>;
    /** A table of a database, qualified (on PGlite both databases share one connection, and its search_path). */
    const at = (db: PortDatabase) => (table: string): string => `${db.source.placement.ssdSchema}.${table}`;
    /** Drops what a run on a live SQL Server renamed: the reset before each suite knows only the standard names. */
    const dropRenamed = async (): Promise<void> => {
      if (la?.source.dialect === 'mssql') await la.sql.exec(`DROP TABLE IF EXISTS ${at(la)('la_person')};`);
    };

    before(async () => {
      ({ standard, la } = await pair.open());
      await dropRenamed();
      const mode = la.source.capture.mode;
      for (const db of [standard, la]) {
        await db.source.schema.migrate();
        await seedSsd(ssdWriterOf(db.source), { children: 30, seed: 7, today: TODAY });
      }
      // Mosaic loads clea_table_id as NULL: care leavers are keyed by their content (fingerprint mode finds their changes).
      if (mode === 'fingerprint') {
        for (const db of [standard, la]) {
          await db.sql.allowNullKey(at(db)('ssd_care_leavers'), 'clea_table_id');
          await db.sql.exec(`UPDATE ${at(db)('ssd_care_leavers')} SET clea_table_id = NULL`);
        }
      }
      await la.sql.exec(LA_DDL[la.source.dialect](at(la)));
      streams = applyNaming(STREAMS, ssdNaming(join(PACKAGE_ROOT, 'config', 'ssd-variants'), 'mosaic', { tables: { ssd_person: 'la_person' } }));
      source = await la.sourceWith!({ streams });
      await source.capture.install(streams);
      sim = await startSimulatedPoster(30_000);
      const hasher = await createDocumentHasher();
      const submit = { batchSize: 50, concurrency: 2, leaseSeconds: 300, sleep: async () => undefined } as unknown as SubmitSettings;
      cycle = () => runCycle({ source, streams, hasher, clock, logger: silentLogger(), chunkSize: 100, poster: sim.poster, submit, guards: { ...DEFAULT_GUARDS, waitForSettledLoads: false } });
    });
    after(async () => {
      await sim?.api.close();
      await dropRenamed();
      await standard?.dispose();
      await la?.dispose();
    });

    /** What the receiver holds, by child. */
    const held = (): Map<string, unknown> => new Map(sim.api.heldIds().map((id) => [id, sim.api.current(id)]));

    it("finds every table and column it reads under the LA's names, and says which the standard names lack", async () => {
      expect(await source.schema.checkSsd(streams)).to.deep.include({ missingTables: [], missingColumns: [] });
      const check = await source.schema.checkSsd(STREAMS);
      expect(check.missingTables).to.deep.equal(['ssd_person']);
      expect(check.missingColumns).to.include.members(['ssd_cin_plans.cinp_cin_plan_id', 'ssd_cla_placement.clap_person_id']);
    });

    it('sends every child the very document the same SSD under the standard names gives', async () => {
      const stats = await cycle();
      expect(stats.errors).to.equal(0);
      const fresh = await freshDocuments(standard.source, clock);
      expect(fresh.size).to.be.greaterThan(10);
      expect(held()).to.deep.equal(new Map(fresh));
    });

    it("a change written under the LA's names reaches its child, and the receiver again holds what the standard names give", async () => {
      const [plan] = await ssdWriterOf(source).sampleRows('ssd_cin_plans', 1, 3);
      const [person] = await ssdWriterOf(source).sampleRows('ssd_person', 1, 5);
      expect(plan).to.have.property('cinp_cin_plan_id');
      for (const db of [standard.source, source]) {
        await ssdWriterOf(db).updateRows('ssd_cin_plans', ['cinp_cin_plan_id'], [{ cinp_cin_plan_id: plan!.cinp_cin_plan_id ?? null, cinp_cin_plan_end_date: TODAY }]);
        await ssdWriterOf(db).updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: person!.pers_person_id ?? null, pers_surname: 'Renamedsurname' }]);
      }
      const touched = new Set([plan!.cinp_person_id, person!.pers_person_id]);
      if (la.source.capture.mode === 'fingerprint') {
        const [leaver] = await la.sql.query<{ id: string }>(`SELECT min(clea_person_id) AS id FROM ${at(la)('ssd_care_leavers')}`);
        for (const db of [standard, la]) await db.sql.exec(`UPDATE ${at(db)('ssd_care_leavers')} SET clea_care_leaver_latest_contact = '2026-06-01' WHERE clea_person_id = '${leaver?.id}'`);
        touched.add(leaver?.id);
      }
      const stats = await cycle();
      expect(stats.touched).to.equal(touched.size);
      expect(held()).to.deep.equal(new Map(await freshDocuments(standard.source, clock)));
    });
  });
}
