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
 * the same row (an operation would otherwise update a row another one deletes). Rows that
 * `isFree` refuses (already written this round through another path, such as a placement
 * ended by a move) are never handed out.
 */
export class VictimPool {
  constructor(private readonly rows: SsdRow[], private readonly isFree: (row: SsdRow) => boolean = () => true) {}

  /** Removes and returns up to `count` rows, optionally only those matching `accept`. */
  take(count: number, accept: (row: SsdRow) => boolean = () => true): SsdRow[] {
    const taken: SsdRow[] = [];
    for (let i = 0; i < this.rows.length && taken.length < count; ) {
      const row = this.rows[i] as SsdRow;
      if (!this.isFree(row)) this.rows.splice(i, 1);
      else if (accept(row)) {
        taken.push(row);
        this.rows.splice(i, 1);
      } else i++;
    }
    return taken;
  }

  /** Like take, but when fewer than `count` rows match `preferred`, fills up with any rows. */
  takePreferring(count: number, preferred: (row: SsdRow) => boolean): SsdRow[] {
    const taken = this.take(count, preferred);
    return taken.length < count ? [...taken, ...this.take(count - taken.length)] : taken;
  }
}

/**
 * State of one change round: the writer, the round's random stream and sample seed
 * (`seed * 1000 + round`), id allocation for new rows, the victim pools, the keys written so
 * far and the summary being built. Every write goes through insert/update/delete here, so
 * the summary always matches what was written, and pools and isWritten keep operations
 * from writing one row twice in a round.
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
  private readonly written = new Set<string>();

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
    for (const table of SSD_TABLE_NAMES) await this.victims(table);
  }

  /** This round's sample of a table, shared by the round's operations. */
  async victims(table: SsdTableName): Promise<VictimPool> {
    let pool = this.pools.get(table);
    if (pool === undefined) {
      const rows = await this.writer.sampleRows(table, 60 + 30 * this.count(), this.sampleSeed);
      pool = new VictimPool(rows, (row) => !this.isWritten(table, row));
      this.pools.set(table, pool);
    }
    return pool;
  }

  /**
   * Rows of `table` whose `column` is one of `values`, in sample order (up to 20 per value):
   * how an operation reaches related rows, such as an assessment's factors. Check isWritten
   * before writing one: another operation of the round may have written it already.
   */
  async related(table: SsdTableName, column: string, values: readonly string[]): Promise<SsdRow[]> {
    if (values.length === 0) return [];
    return this.writer.sampleRows(table, 20 * values.length, this.sampleSeed, { column, values });
  }

  /**
   * Rows the simulator itself inserted with `newId(prefix)` in the three rounds before this
   * one (ids `<prefix><round>N<n>`) and not written this round, e.g. last round's S47
   * enquiries, still running today. Base data holds few such young items, so operations that
   * need one look here as well.
   */
  async recentlyAdded(table: SsdTableName, prefix: string): Promise<SsdRow[]> {
    const ids: string[] = [];
    for (let back = 1; back <= 3 && this.round - back >= 0; back++) {
      for (let n = 1; n <= 4 * this.count(); n++) ids.push(`${prefix}${this.round - back}N${n}`);
    }
    return (await this.related(table, SSD_TABLE_KEYS[table][0], ids)).filter((row) => !this.isWritten(table, row));
  }

  /**
   * Up to `count` rows matching `accept`: first from this round's sample, then from the rows
   * recent rounds added under `prefix` (an S47 opened last round is still running today).
   */
  async takeOrRecent(table: SsdTableName, prefix: string, count: number, accept: (row: SsdRow) => boolean): Promise<SsdRow[]> {
    const taken = (await this.victims(table)).take(count, accept);
    if (taken.length >= count) return taken;
    const key = SSD_TABLE_KEYS[table][0];
    const chosen = new Set(taken.map((row) => row[key]));
    const recent = (await this.recentlyAdded(table, prefix)).filter((row) => accept(row) && !chosen.has(row[key]));
    return [...taken, ...recent.slice(0, count - taken.length)];
  }

  /** True when this round has already inserted, updated or deleted the row with this key. */
  isWritten(table: SsdTableName, row: SsdRow): boolean {
    return this.written.has(writtenKey(table, row));
  }

  /** Inserts rows and records the operation (nothing when there are no rows). */
  async insert(table: SsdTableName, rows: SsdRow[], note: string): Promise<void> {
    if (rows.length === 0) return;
    await this.writer.insertRows(table, rows);
    this.remember(table, rows);
    this.operations.push({ table, op: 'insert', rows: rows.length, note });
  }

  /** Updates rows by the table's primary key and records the operation. */
  async update(table: SsdTableName, rows: SsdRow[], note: string): Promise<void> {
    if (rows.length === 0) return;
    await this.writer.updateRows(table, SSD_TABLE_KEYS[table], rows);
    this.remember(table, rows);
    this.operations.push({ table, op: 'update', rows: rows.length, note });
  }

  /** Deletes rows by the table's primary key and records the operation. */
  async delete(table: SsdTableName, rows: SsdRow[], note: string): Promise<void> {
    if (rows.length === 0) return;
    const keys = SSD_TABLE_KEYS[table];
    await this.writer.deleteRows(table, keys, rows.map((row) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]))));
    this.remember(table, rows);
    this.operations.push({ table, op: 'delete', rows: rows.length, note });
  }

  private remember(table: SsdTableName, rows: readonly SsdRow[]): void {
    for (const row of rows) this.written.add(writtenKey(table, row));
  }

  private next(prefix: string): number {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return n;
  }
}

function writtenKey(table: SsdTableName, row: SsdRow): string {
  return `${table}|${SSD_TABLE_KEYS[table].map((k) => String(row[k])).join('|')}`;
}

/** The ids in `column` of `rows`, joined for a note. */
export function idsOf(rows: readonly SsdRow[], column: string): string {
  return rows.map((row) => String(row[column])).join(', ');
}
