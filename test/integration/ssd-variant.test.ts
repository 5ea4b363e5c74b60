import { expect } from 'chai';
import { join } from 'node:path';
import { applyNaming, ssdNaming } from '../../src/capture/ssd-naming.js';
import type { StreamDefinition } from '../../src/capture/stream-definition.js';
import { startSimulatedPoster, type SimulatedPoster } from '../../src/cli/simulated-poster.js';
import { PACKAGE_ROOT } from '../../src/config/load-config.js';
import { fixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createDocumentHasher } from '../../src/payload/canonical-hash.js';
import type { CycleStats } from '../../src/pipeline/cycle-stats.js';
import { DEFAULT_GUARDS } from '../../src/pipeline/delete-guard.js';
import { runCycle } from '../../src/pipeline/run-cycle.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import { postgresSource } from '../../src/source/postgres/postgres-source.js';
import type { Source } from '../../src/source/source.js';
import type { SubmitSettings } from '../../src/submit/submit-policy.js';
import { TODAY } from '../helpers/cycle-harness.js';
import { freshDocuments } from '../helpers/fresh-documents.js';
import { dialectTargets, STREAMS, type TestDatabase } from '../helpers/test-sources.js';

/**
 * The whole pipeline on an SSD that uses Mosaic's names (ssd_cin_plans keyed on cin_plan_id, no
 * clap_person_id) and a table of the LA's own name (ssd_person as la_person), set by config
 * alone: the receiver ends holding exactly the documents the same SSD under the standard names
 * gives, and changes made under the LA's names reach their children.
 */
for (const target of dialectTargets()) {
  for (const mode of ['direct', 'fingerprint'] as const) {
    describe(`an SSD with Mosaic's column names and a table of the LA's own name (${target.name} ${mode})`, function () {
      this.timeout(300_000);
      const clock = fixedClock(TODAY);
      let standard: TestDatabase;
      let la: TestDatabase;
      let streams: StreamDefinition[];
      let source: Source;
      let sim: SimulatedPoster;
      let cycle: () => Promise<CycleStats>;

      before(async () => {
        standard = await target.open();
        la = await target.open();
        for (const db of [standard, la]) {
          await db.source.schema.migrate();
          await seedSsd(db.source.ssd, { children: 30, seed: 7, today: TODAY });
        }
        // Mosaic loads clea_table_id as NULL: care leavers are keyed by their content (fingerprint mode finds their changes).
        if (mode === 'fingerprint') for (const db of [standard, la]) await db.connection.exec(`ALTER TABLE ${at(db)}ssd_care_leavers DROP CONSTRAINT ssd_care_leavers_pkey, ALTER COLUMN clea_table_id DROP NOT NULL; UPDATE ${at(db)}ssd_care_leavers SET clea_table_id = NULL`);
        // The LA's build: what Mosaic calls otherwise, and a table renamed by the LA.
        await la.connection.exec(`ALTER TABLE ${at(la)}ssd_cin_plans RENAME COLUMN cinp_cin_plan_id TO cin_plan_id;
          ALTER TABLE ${at(la)}ssd_cla_placement DROP COLUMN clap_person_id;
          ALTER TABLE ${at(la)}ssd_person RENAME TO la_person`);
        streams = applyNaming(STREAMS, ssdNaming(join(PACKAGE_ROOT, 'config', 'ssd-variants'), 'mosaic', { tables: { ssd_person: 'la_person' } }));
        source = postgresSource(la.connection, la.source.placement, streams, undefined, mode);
        await source.capture.install(streams);
        sim = await startSimulatedPoster(30_000);
        const hasher = await createDocumentHasher();
        const submit = { batchSize: 50, concurrency: 2, leaseSeconds: 300, sleep: async () => undefined } as unknown as SubmitSettings;
        cycle = () => runCycle({ source, streams, hasher, clock, logger: silentLogger(), chunkSize: 100, poster: sim.poster, submit, guards: { ...DEFAULT_GUARDS, waitForSettledLoads: false } });
      });
      after(async () => {
        await sim?.api.close();
        await standard?.dispose();
        await la?.dispose();
      });

      /** A table of this database, qualified (on PGlite both databases share one connection, and its search_path). */
      const at = (db: TestDatabase): string => `"${db.source.placement.schema}".`;
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
        const [plan] = await source.ssd.sampleRows('ssd_cin_plans', 1, 3);
        const [person] = await source.ssd.sampleRows('ssd_person', 1, 5);
        expect(plan).to.have.property('cinp_cin_plan_id');
        for (const db of [standard.source, source]) {
          await db.ssd.updateRows('ssd_cin_plans', ['cinp_cin_plan_id'], [{ cinp_cin_plan_id: plan!.cinp_cin_plan_id ?? null, cinp_cin_plan_end_date: TODAY }]);
          await db.ssd.updateRows('ssd_person', ['pers_person_id'], [{ pers_person_id: person!.pers_person_id ?? null, pers_surname: 'Renamedsurname' }]);
        }
        const touched = new Set([plan!.cinp_person_id, person!.pers_person_id]);
        if (mode === 'fingerprint') {
          const [leaver] = await la.connection.query<{ id: string }>(`SELECT clea_person_id AS id FROM ${at(la)}ssd_care_leavers ORDER BY clea_person_id LIMIT 1`);
          for (const db of [standard, la]) await db.connection.exec(`UPDATE ${at(db)}ssd_care_leavers SET clea_care_leaver_latest_contact = '2026-06-01' WHERE clea_person_id = '${leaver?.id}'`);
          touched.add(leaver?.id);
        }
        const stats = await cycle();
        expect(stats.touched).to.equal(touched.size);
        expect(held()).to.deep.equal(new Map(await freshDocuments(standard.source, clock)));
      });
    });
  }
}
