import type { SsdRow } from '../source/ssd-row.js';
import type { SsdWriter } from '../source/ssd-writer.js';
import { addDays } from '../core/iso-date.js';
import { Random } from './random.js';
import { simulatedPersonId } from './synthetic-ids.js';
import { SSD_TABLE_KEYS, SSD_TABLE_NAMES, type SsdTableName } from './ssd-table-keys.js';

/** One write the simulator made: which table, what kind, how many rows, and about which ids. */
export interface ChangeOperation {
  /** SSD table name. */
  readonly table: string;
  /** Kind of write. */
  readonly op: 'insert' | 'update' | 'delete';
  /** Rows written (for updates: rows addressed). */
  readonly rows: number;
  /** What and whom, by id only: never names or dates of birth (notes reach logs). */
  readonly note: string;
}

/**
 * Rows sampled from one table for this round, handed out so that no two operations pick
 * the same row (an operation would otherwise update a row another one deletes).
 */
export class VictimPool {
  constructor(private readonly rows: SsdRow[]) {}

  /** Removes and returns up to `count` rows, optionally only those matching `accept`. */
  take(count: number, accept: (row: SsdRow) => boolean = () => true): SsdRow[] {
    const taken: SsdRow[] = [];
    for (let i = 0; i < this.rows.length && taken.length < count; ) {
      const row = this.rows[i] as SsdRow;
      if (accept(row)) {
        taken.push(row);
        this.rows.splice(i, 1);
      } else i++;
    }
    return taken;
  }
}

/**
 * State of one change round: the writer, the round's random stream and sample seed
 * (`seed * 1000 + round`), id allocation for new rows, the victim pools and the summary
 * being built. Every write goes through insert/update/delete here, so the summary always
 * matches what was written.
 */
export class ChangeRound {
  /** Random stream for new values (seeded like the samples). */
  readonly rng: Random;
  /** Seed passed to sampleRows. */
  readonly sampleSeed: number;
  /** Operations so far. */
  readonly operations: ChangeOperation[] = [];
  private readonly counters = new Map<string, number>();
  private readonly pools = new Map<string, VictimPool>();

  constructor(
    readonly writer: SsdWriter,
    readonly round: number,
    readonly today: string,
    private readonly scale: number,
    seed: number,
  ) {
    this.sampleSeed = seed * 1000 + round;
    this.rng = new Random(this.sampleSeed);
  }

  /** How many rows an operation with `base` rows at scale 1 touches (at least one). */
  count(base = 1): number {
    return Math.max(1, Math.round(base * this.scale));
  }

  /** A new id that no base row and no other round has: prefix, round, 'N', counter (`R3N1`). */
  newId(prefix: string): string {
    return `${prefix}${this.round}N${this.next(prefix)}`;
  }

  /** A new digits-only person id (see simulatedPersonId). */
  newPersonId(): string {
    return simulatedPersonId(this.round, this.next('person'));
  }

  /** `days` days before today, as `YYYY-MM-DD`. */
  daysAgo(days: number): string {
    return addDays(this.today, -days);
  }

  /**
   * Samples every table once, before any write, so that no operation picks a row another
   * operation of the same round has just inserted. Generous sizes leave enough rows for
   * operations that want only some (open episodes, open looked-after episodes).
   */
  async sampleVictims(): Promise<void> {
    for (const table of SSD_TABLE_NAMES) {
      this.pools.set(table, new VictimPool(await this.writer.sampleRows(table, 60 + 30 * this.count(), this.sampleSeed)));
    }
  }

  /** This round's sample of a table, shared by the round's operations. */
  async victims(table: SsdTableName): Promise<VictimPool> {
    let pool = this.pools.get(table);
    if (pool === undefined) {
      pool = new VictimPool(await this.writer.sampleRows(table, 60 + 30 * this.count(), this.sampleSeed));
      this.pools.set(table, pool);
    }
    return pool;
  }

  /** Inserts rows and records the operation (nothing when there are no rows). */
  async insert(table: SsdTableName, rows: SsdRow[], note: string): Promise<void> {
    if (rows.length === 0) return;
    await this.writer.insertRows(table, rows);
    this.operations.push({ table, op: 'insert', rows: rows.length, note });
  }

  /** Updates rows by the table's primary key and records the operation. */
  async update(table: SsdTableName, rows: SsdRow[], note: string): Promise<void> {
    if (rows.length === 0) return;
    await this.writer.updateRows(table, SSD_TABLE_KEYS[table], rows);
    this.operations.push({ table, op: 'update', rows: rows.length, note });
  }

  /** Deletes rows by the table's primary key and records the operation. */
  async delete(table: SsdTableName, rows: SsdRow[], note: string): Promise<void> {
    if (rows.length === 0) return;
    const keys = SSD_TABLE_KEYS[table];
    await this.writer.deleteRows(table, keys, rows.map((row) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]))));
    this.operations.push({ table, op: 'delete', rows: rows.length, note });
  }

  private next(prefix: string): number {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return n;
  }
}

/** The ids in `column` of `rows`, joined for a note. */
export function idsOf(rows: readonly SsdRow[], column: string): string {
  return rows.map((row) => String(row[column])).join(', ');
}
