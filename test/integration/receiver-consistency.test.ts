import { expect } from 'chai';
import stringify from 'fast-json-stable-stringify';
import { fixedClock } from '../../src/core/clock.js';
import { addDays } from '../../src/core/iso-date.js';
import { byItemId } from '../../src/payload/apply-document.js';
import { createDocumentHasher, type DocumentHasher } from '../../src/payload/canonical-hash.js';
import type { PayloadMode } from '../../src/payload/document-delta.js';
import type { JsonObject } from '../../src/payload/document-shape.js';
import { DEFAULT_GUARDS, type CycleGuards } from '../../src/pipeline/delete-guard.js';
import { dryBuild } from '../../src/pipeline/dry-build.js';
import { simulateChanges } from '../../src/simulate/change-simulator.js';
import { Random } from '../../src/simulate/random.js';
import { openHarness, TODAY, type CycleHarness } from '../helpers/cycle-harness.js';
import { captureTargets, type PortDatabase } from '../helpers/capture-targets.js';
import { dialectTargets, STREAMS } from '../helpers/test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

/** A fresh full build of every child: its outcome (what decides its row) and, when sendable, its document. */
interface Fresh {
  readonly outcome: Map<string, string>;
  readonly sendable: Map<string, JsonObject>;
  readonly invalid: Set<string>;
}

const STEPS = 200;

/**
 * Every dialect in its default capture (both payload modes), plus fingerprint capture on every
 * dialect and Change Tracking on the SSD tables of a live SQL Server (full mode).
 */
const RUNS: Array<{ target: { name: string; open(): Promise<PortDatabase> }; modes: PayloadMode[]; guards?: CycleGuards }> = [
  ...dialectTargets().map((target) => ({ target, modes: ['full', 'partial'] as PayloadMode[] })),
  // The simulator deletes the last rows of small tables (ssd_permanence often empties). A poll
  // cannot tell that from a reload under way and waits capture.reloadGraceMinutes, and by default
  // it waits one more cycle for changed tables to settle; these runs are about what is sent once
  // it has looked, so they do not wait.
  ...captureTargets('fingerprint').map((target) => ({ target, modes: ['full'] as PayloadMode[], guards: { ...DEFAULT_GUARDS, reloadGraceMs: 0, waitForSettledLoads: false } })),
  ...captureTargets('direct').filter((t) => t.name.startsWith('mssql')).map((target) => ({ target, modes: ['full'] as PayloadMode[] })),
];

for (const { target, modes, guards } of RUNS) {
  for (const mode of modes) {
    describe(`the receiver after ${STEPS} random steps (${target.name}, ${mode} mode)`, function () {
      this.timeout(600_000);
      let h: CycleHarness<PortDatabase>;
      let hasher: DocumentHasher;

      async function freshBuild(day: string): Promise<Fresh> {
        const fresh: Fresh = { outcome: new Map(), sendable: new Map(), invalid: new Set() };
        await dryBuild({ source: h.db.source, streams: STREAMS, hasher, clock: fixedClock(day), chunkSize: 50 }, (children) => {
          for (const { built } of children) {
            if (built.kind === 'gone') {
              fresh.outcome.set(built.personId, 'gone');
              continue;
            }
            fresh.outcome.set(built.personId, `${built.hash} ${built.errors.join('; ')}`);
            if (built.errors.length > 0) fresh.invalid.add(built.personId);
            else fresh.sendable.set(built.personId, JSON.parse(built.json) as JsonObject);
          }
        });
        return fresh;
      }

      before(async () => {
        h = await openHarness(await target.open(), 80);
        hasher = await createDocumentHasher();
      });
      after(async () => h?.close());

      it('holds exactly the documents a fresh full build gives, and got nothing for children that did not change', async () => {
        const r = new Random(mode === 'full' ? 11 : 12);
        let day = TODAY;
        let round = 0;
        let previous: Fresh | undefined;
        const tally = { cycles: 0, sent: 0, purges: 0, partials: 0 };
        for (let step = 0; step < STEPS; step += 1) {
          const kind = r.weighted([['change', 4], ['cycle', 4], ['time', 2]] as const);
          if (kind === 'change') {
            round += 1;
            await simulateChanges(ssdWriterOf(h.db.source), { seed: 3, round, today: day, scale: r.pick([0.2, 0.5, 1]) });
            continue;
          }
          if (kind === 'time') {
            day = addDays(day, r.pick([1, 2, 7, 30, 45]));
            continue;
          }
          const received = h.sim.api.received().length;
          const stats = await h.cycle({ clock: fixedClock(day), payload: { mode, purgeDeleted: true }, ...(guards ? { guards } : {}) });
          expect(stats.errors, `step ${step}: POST errors`).to.equal(0);
          const fresh = await freshBuild(day);
          const sentNow = h.sim.api.received().slice(received);
          if (previous) {
            const changed = new Set([...fresh.outcome.keys(), ...previous.outcome.keys()].filter((id) => fresh.outcome.get(id) !== previous?.outcome.get(id)));
            const needless = sentNow.map((s) => s.laChildId).filter((id) => !changed.has(id));
            expect(needless, `step ${step} (${day}): sent although their documents did not change`).to.deep.equal([]);
          }
          for (const [id, doc] of fresh.sendable) {
            expect(stringify(byItemId((h.sim.api.current(id) ?? {}) as JsonObject)), `step ${step} (${day}): receiver's document of ${id}`).to.equal(stringify(byItemId(doc)));
          }
          const unexpected = h.sim.api.heldIds().filter((id) => !fresh.sendable.has(id) && !fresh.invalid.has(id));
          expect(unexpected, `step ${step} (${day}): the receiver still holds children who are gone`).to.deep.equal([]);
          previous = fresh;
          tally.cycles += 1;
          tally.sent += sentNow.length;
          tally.purges += sentNow.filter((s) => (s.document as JsonObject).purge === true).length;
          tally.partials += sentNow.filter((s) => (s.document as JsonObject).child_details !== undefined && Object.keys(s.document as JsonObject).length < Object.keys(fresh.sendable.get(s.laChildId) ?? {}).length).length;
        }
        expect(tally.cycles, 'cycles run').to.be.greaterThan(50);
        expect(tally.purges, 'purges sent').to.be.greaterThan(0);
        expect(day > '2027-04-01', 'the clock crossed 1 April').to.equal(true);
        if (mode === 'partial') expect(tally.partials, 'partial documents sent').to.be.greaterThan(0);
      });
    });
  }
}
