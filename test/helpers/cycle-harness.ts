import { expect } from 'chai';
import { touchChildren } from '../../src/capture/touch-children.js';
import { startSimulatedPoster, type SimulatedPoster } from '../../src/cli/simulated-poster.js';
import { fixedClock, type Clock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createDocumentHasher, type DocumentHasher } from '../../src/payload/canonical-hash.js';
import type { BuildSettings } from '../../src/payload/build-settings.js';
import type { PayloadMode } from '../../src/payload/document-delta.js';
import type { CycleStats } from '../../src/pipeline/cycle-stats.js';
import { DEFAULT_GUARDS, type CycleGuards } from '../../src/pipeline/delete-guard.js';
import { markChanges } from '../../src/pipeline/build-pipeline.js';
import { runCycle } from '../../src/pipeline/run-cycle.js';
import { seedSsd } from '../../src/simulate/seed-ssd.js';
import type { ChangeBatch } from '../../src/source/source.js';
import type { SsdRow } from '../../src/source/ssd-row.js';
import type { BatchPoster } from '../../src/submit/batch-poster.js';
import type { SubmitSettings } from '../../src/submit/submit-policy.js';
import type { PortDatabase } from './capture-targets.js';
import { STREAMS, type TestDatabase } from './test-sources.js';
import { ssdWriterOf } from '../../src/source/ssd-writer.js';

/** The fixed "today" of the integration suite (seed dates and the reporting window). */
export const TODAY = '2026-06-15';

/**
 * A seeded database with capture installed, the simulated API, and one-call cycles. `D` is what
 * the suite opened: a TestDatabase (Postgres, with its raw connection) or any PortDatabase.
 */
export interface CycleHarness<D extends PortDatabase = TestDatabase> {
  readonly db: D;
  readonly sim: SimulatedPoster;
  /** Runs one full cycle (capture, mark, submit), with another poster, guards or clock when given. */
  cycle(overrides?: {
    poster?: BatchPoster; guards?: CycleGuards; clock?: Clock; payload?: { mode: PayloadMode; purgeDeleted: boolean }; settings?: BuildSettings;
    submit?: Partial<SubmitSettings>;
    /** The source the cycle works on (a test's wrapper around the harness's, to watch its calls). */
    source?: PortDatabase['source'];
  }): Promise<CycleStats>;
  /**
   * The cycle after a bulk write to `table` (a reload, rows written back): in direct mode it holds
   * for the table, since the load may still be writing, and marks nothing; checked here. With
   * fingerprints refreshed at once (the harness' guards) there is no such cycle: nothing is run.
   */
  settles(table: string, what: string): Promise<void>;
  /** The change feed the next cycle would read (fingerprints refreshed first, as it would), without marking. */
  pendingChanges(): Promise<ChangeBatch>;
  /** Marks only (capture, build, mark; nothing sent), as a cycle does with the harness' settings. */
  mark(): Promise<CycleStats>;
  /**
   * The guards cycles run with unless given others: the defaults, except that in fingerprint
   * mode each cycle refreshes what moved at once (waitForSettledLoads off), so a change is marked
   * by the next cycle as in direct mode and one suite's expectations hold in both modes. Tests of
   * settling pass DEFAULT_GUARDS themselves.
   */
  readonly guards: CycleGuards;
  /** Every backoff wait sending asked for, in ms (waits are not really made). */
  readonly sleeps: number[];
  /** The hasher cycles use. */
  readonly hasher: DocumentHasher;
  /** The children the pending changes (and, given a day, the due days) would touch, without marking them. */
  pendingTouches(day?: string): Promise<string[]>;
  /** Staging row of one child (raw columns). */
  staging(personId: string): Promise<Record<string, unknown> | undefined>;
  /** Every row of a table for which column = value. */
  rowsWhere(table: string, column: string, value: string): Promise<SsdRow[]>;
  close(): Promise<void>;
}

/** Seeds `children` synthetic children into a fresh database and installs capture. */
export async function openHarness<D extends PortDatabase>(db: D, children: number): Promise<CycleHarness<D>> {
  await db.source.schema.migrate();
  await seedSsd(ssdWriterOf(db.source), { children, seed: 7, today: TODAY });
  await db.source.capture.install(STREAMS);
  const sim = await startSimulatedPoster(30_000);
  const sleeps: number[] = [];
  const hasher: DocumentHasher = await createDocumentHasher();
  const deps = {
    source: db.source, streams: STREAMS, hasher, clock: fixedClock(TODAY), logger: silentLogger(),
    chunkSize: 100, poster: sim.poster,
    submit: { batchSize: 50, concurrency: 4, leaseSeconds: 300, sleep: async (ms: number) => void sleeps.push(ms) } as SubmitSettings,
  };
  const guards: CycleGuards = db.source.capture.mode === 'fingerprint' ? { ...DEFAULT_GUARDS, waitForSettledLoads: false } : DEFAULT_GUARDS;
  const cycle: CycleHarness<D>['cycle'] = ({ submit, ...overrides } = {}) => runCycle({ ...deps, guards, ...overrides, submit: { ...deps.submit, ...submit } });
  const pendingChanges = async (): Promise<ChangeBatch> => {
    // Fingerprints log a change only when a refresh finds it, as the next cycle's would.
    if (db.source.capture.mode === 'fingerprint') await db.source.capture.refresh(STREAMS, { onlyMoved: true, reloadGraceMs: guards.reloadGraceMs, waitForSettledLoads: guards.waitForSettledLoads });
    return db.source.capture.readChanges(STREAMS);
  };
  return {
    db,
    sim,
    sleeps,
    hasher,
    guards,
    cycle,
    mark: () => markChanges({ ...deps, guards }),
    pendingChanges,
    pendingTouches: async (day) => (await touchChildren(await pendingChanges(), STREAMS, db.source.rows, day === undefined ? undefined : { today: day, everyone: false })).children,
    async settles(table, what) {
      if (db.source.capture.mode !== 'direct') return;
      const settling = await cycle();
      expect(settling.held, what).to.deep.equal([table]);
      expect([settling.touched, settling.sent], what).to.deep.equal([0, 0]);
    },
    staging: async (personId) => (await db.sql.query('SELECT * FROM ssd_api_data_staging WHERE person_id = $1', [personId]))[0],
    rowsWhere: (table, column, value) => ssdWriterOf(db.source).sampleRows(table, 10_000, 1, { column, values: [value] }),
    async close() {
      await sim.api.close();
      await db.dispose();
    },
  };
}
