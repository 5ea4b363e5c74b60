import { fromDayNumber, toDayNumber } from '../core/day-number.js';

/**
 * A small seeded pseudo-random generator (mulberry32) for synthetic data and the change
 * simulator. Math.random cannot be seeded, and every generated LA and every change round
 * must be reproducible from its seed so that tests and benchmarks can be replayed.
 * Not for anything security related.
 */
export class Random {
  private state: number;

  /** Starts a stream; the same seed always yields the same sequence. */
  constructor(seed: number) {
    // Fold the seed through mixSeed so nearby seeds (1, 2, 3) give unrelated streams.
    this.state = mixSeed(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Random.pick needs a non-empty list');
    return item;
  }

  /** One value of `[value, weight]` pairs, in proportion to the (positive) weights. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    // Indexed loops: this is the generator's hottest call, and iterator destructuring
    // made it several times slower.
    let total = 0;
    for (let i = 0; i < entries.length; i++) total += (entries[i] as readonly [T, number])[1];
    let roll = this.next() * total;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as readonly [T, number];
      roll -= entry[1];
      if (roll < 0) return entry[0];
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('Random.weighted needs a non-empty list');
    return last[0];
  }

  /** Up to `count` distinct elements of a list, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice();
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = this.int(i, copy.length - 1);
      const a = copy[i] as T;
      copy[i] = copy[j] as T;
      copy[j] = a;
    }
    return copy.slice(0, n);
  }

  /** A date (`YYYY-MM-DD`) between `from` and `to`, both included. */
  dateBetween(from: string, to: string): string {
    return fromDayNumber(this.int(toDayNumber(from), toDayNumber(to)));
  }
}

/**
 * Hashes any number of integers into one 32-bit seed. Used to derive independent streams
 * (one per child, one per change round) so that one part's draws never shift another's.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Split into two 32-bit halves so seeds above 2^32 (seed * 1000 + round) still count.
    const low = part | 0;
    const high = Math.floor(part / 4294967296) | 0;
    for (const word of [low, high]) {
      h = Math.imul(h ^ word, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}
