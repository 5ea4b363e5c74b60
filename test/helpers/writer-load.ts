import { simulateChanges } from '../../src/simulate/change-simulator.js';
import { Random } from '../../src/simulate/random.js';
import type { SsdWriter } from '../../src/source/ssd-writer.js';
import type { TestSession } from './test-sql.js';

/** What a writer load did while it ran. */
export interface WriterReport {
  /** Rounds of realistic inserts, updates and deletes across the SSD tables. */
  readonly rounds: number;
  /** Transactions that stayed open for a while and committed late. */
  readonly lateCommits: number;
  /** Late transactions the server ended instead (a deadlock victim, a lock wait given up). */
  readonly lateFailed: number;
  /** Late transactions that failed otherwise: what they said. */
  readonly lateErrors: readonly string[];
  /** TRUNCATE and reload (in parts, each committed) of a table. */
  readonly reloads: number;
  /** Transactions committed in all (each statement of a round, a reload's parts, the late ones). */
  readonly transactions: number;
}

/** A writer that keeps changing an SSD until stopped. */
export interface WriterLoad {
  /** Stops after the action in hand, commits the late transactions still open, and says what it did. */
  stop(): Promise<WriterReport>;
}

/**
 * Tables a reload may hit: ones the cohort, episodes and care workers come from. Not the small
 * ones the simulator can empty by deletes: a table truncated and then found empty is held for
 * capture.reloadGraceMinutes (two hours), longer than a test runs.
 */
const RELOADED = ['ssd_cin_episodes', 'ssd_involvements', 'ssd_cin_plans', 'ssd_disability', 'ssd_address'];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts an LA's writers against a server's SSD (sessions of their own, from `session`) while ssd-delta runs: rounds of the
 * change simulator, transactions that update addresses and stay open for seconds before they
 * commit (a slow ETL step, a forgotten session), and TRUNCATE-and-reload of a random table in
 * committed parts. Every choice comes from `seed`; how they interleave with ssd-delta is up to
 * the clock, which is the point.
 */
export function startWriterLoad(ssd: SsdWriter, session: () => Promise<TestSession>, options: { readonly seed: number; readonly today: string; readonly people: readonly string[] }): WriterLoad {
  const random = new Random(options.seed);
  const report = { rounds: 0, lateCommits: 0, lateFailed: 0, lateErrors: [] as string[], reloads: 0, transactions: 0 };
  const late: Array<Promise<void>> = [];
  let stopped = false;

  /**
   * A transaction held open for seconds. It may lose a deadlock to the writer's own rounds (SQL
   * Server picks the cheaper transaction): an LA's transaction that failed, counted, not a test failure.
   */
  async function lateTransaction(): Promise<void> {
    let writer: TestSession | undefined;
    try {
      writer = await session();
      await writer.begin();
      const person = random.pick(options.people);
      await writer.query('UPDATE ssd_address SET addr_address_postcode = $2 WHERE addr_person_id = $1', [person, `LT${report.lateCommits % 10} ${random.int(1, 9)}AA`]);
      await sleep(random.int(500, 4000));
      await writer.commit();
      report.lateCommits += 1;
      report.transactions += 1;
    } catch (error) {
      // 1205 / 40P01: a deadlock victim; 1222 / 55P03: a lock wait given up. Anything else is the test's to see.
      const e = error as { number?: unknown; code?: unknown; originalError?: { info?: { number?: unknown } } };
      const n = e.number ?? e.originalError?.info?.number;
      if (n === 1205 || n === 1222 || e.code === '40P01' || e.code === '55P03') report.lateFailed += 1;
      else report.lateErrors.push(error instanceof Error ? error.message : String(error));
    } finally {
      await writer?.close();
    }
  }

  async function reload(): Promise<void> {
    const table = random.pick(RELOADED);
    const rows = await ssd.sampleRows(table, 1_000_000, 1);
    await ssd.truncate(table);
    await sleep(random.int(100, 1500));
    const part = random.int(0, rows.length);
    await ssd.insertRows(table, rows.slice(0, part));
    await sleep(random.int(100, 1500));
    await ssd.insertRows(table, rows.slice(part));
    report.reloads += 1;
    report.transactions += 3;
  }

  const running = (async () => {
    while (!stopped) {
      const action = random.weighted([['round', 6], ['late', 2], ['reload', 1]] as const);
      if (action === 'round') {
        const summary = await simulateChanges(ssd, { seed: options.seed, round: (report.rounds += 1), today: options.today, scale: random.pick([1, 2]) });
        report.transactions += summary.operations.length;
      } else if (action === 'late') {
        late.push(lateTransaction());
      } else {
        await reload();
      }
      // Now and then the load pauses (between the LA's jobs), long enough for cycles to settle.
      await sleep(random.chance(0.15) ? random.int(3000, 6000) : random.int(100, 600));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await running;
      await Promise.all(late);
      return { ...report };
    },
  };
}
